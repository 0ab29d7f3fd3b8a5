package io.stratus.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TestHex {
    @Test
    void encodesLowerCase() {
        assertThat(Hex.encode(new byte[] {0x00, 0x0f, (byte) 0xab, (byte) 0xff})).isEqualTo("000fabff");
        assertThat(Hex.encode(new byte[0])).isEmpty();
    }

    @Test
    void decodesEitherCase() {
        assertThat(Hex.decode("000fABff")).containsExactly(0x00, 0x0f, 0xab, 0xff);
        assertThat(Hex.decode("")).isEmpty();
    }

    @Test
    void roundTrips() {
        byte[] data = new byte[256];
        new Random(1).nextBytes(data);
        assertThat(Hex.decode(Hex.encode(data))).isEqualTo(data);
    }

    @Test
    void rejectsMalformed() {
        assertThatThrownBy(() -> Hex.decode("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.decode("0g")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.decode("+1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.decode("٣٣")).isInstanceOf(IllegalArgumentException.class);
    }
}
