package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestPercentDecoder {
    @Test
    void pathKeepsPlusAndDecodesUtf8() throws Exception {
        assertThat(PercentDecoder.decodePath("/a+b%20c/%E2%82%AC%2F")).isEqualTo("/a+b c/€/");
        assertThat(PercentDecoder.decodePath("/plain/key")).isEqualTo("/plain/key");
    }

    @Test
    void queryDecodesPlusAsSpace() throws Exception {
        assertThat(PercentDecoder.decodeQueryComponent("a+b%2Bc")).isEqualTo("a b+c");
    }

    @Test
    void rawUtf8BytesDecode() throws Exception {
        // Netty hands over one char per byte: "é" sent raw is 0xC3 0xA9.
        assertThat(PercentDecoder.decodePath("/caf\u00C3\u00A9")).isEqualTo("/café");
    }

    @Test
    void rejectsBrokenEscapesAndInvalidUtf8() {
        for (String raw : new String[] {"/%", "/%4", "/%G1", "/%C3%28", "/%FF", "/%ED%A0%80"}) {
            assertThatThrownBy(() -> PercentDecoder.decodePath(raw)).as(raw).isInstanceOf(InvalidUriException.class);
        }
    }
}
