package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestRequestIdGenerator {
    @Test
    void requestIdsAreSixteenUpperHexDigitsAndUnique() {
        RequestIdGenerator ids = new RequestIdGenerator(-3); // the counter wraps through zero
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = ids.nextRequestId();
            assertThat(id).matches("[0-9A-F]{16}");
            seen.add(id);
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void hostIdsAreBase64() {
        String hostId = new RequestIdGenerator().nextHostId();
        assertThat(Base64.getDecoder().decode(hostId)).hasSize(48);
    }
}
