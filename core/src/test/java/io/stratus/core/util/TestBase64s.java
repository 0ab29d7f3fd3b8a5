package io.stratus.core.util;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestBase64s {
    @Test
    void decodesCanonicalBase64() {
        assertThat(Base64s.decodeOrNull("")).isEmpty();
        assertThat(Base64s.decodeOrNull("YQ==")).isEqualTo("a".getBytes(US_ASCII));
        assertThat(Base64s.decodeOrNull("YWI=")).isEqualTo("ab".getBytes(US_ASCII));
        assertThat(Base64s.decodeOrNull("YWJj")).isEqualTo("abc".getBytes(US_ASCII));
        assertThat(Base64s.decodeOrNull("+/+/")).containsExactly(0xfb, 0xff, 0xbf);
    }

    @Test
    void returnsNullForMalformed() {
        assertThat(Base64s.decodeOrNull(null)).isNull();
        assertThat(Base64s.decodeOrNull("YQ")).as("missing padding").isNull();
        assertThat(Base64s.decodeOrNull("YR==")).as("non-zero padding bits").isNull();
        assertThat(Base64s.decodeOrNull("YQ=")).isNull();
        assertThat(Base64s.decodeOrNull("Y===")).isNull();
        assertThat(Base64s.decodeOrNull("YW I")).as("whitespace").isNull();
        assertThat(Base64s.decodeOrNull("-_-_")).as("URL alphabet").isNull();
        assertThat(Base64s.decodeOrNull("YQ==YQ==")).as("padding in the middle").isNull();
        assertThat(Base64s.decodeOrNull("YWJj\n")).isNull();
    }
}
