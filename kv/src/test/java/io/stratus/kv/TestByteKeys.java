package io.stratus.kv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestByteKeys {
    @Test
    void successorIncrementsTheLastByteAndCarries() {
        assertThat(ByteKeys.successor(new byte[] {1, 2, 3})).containsExactly(1, 2, 4);
        assertThat(ByteKeys.successor(new byte[] {1, (byte) 0xFF, (byte) 0xFF})).containsExactly(2);
        assertThat(ByteKeys.successor(new byte[] {(byte) 0x7F})).containsExactly(0x80);
        assertThat(ByteKeys.successor(new byte[] {(byte) 0xFF})).isNull();
        assertThat(ByteKeys.successor(new byte[0])).isNull();
    }

    @Test
    void afterIsTheSmallestGreaterKey() {
        byte[] key = {5, 6};
        assertThat(ByteKeys.after(key)).containsExactly(5, 6, 0);
        assertThat(ByteKeys.compare(ByteKeys.after(key), key)).isPositive();
    }

    @Test
    void integersAreBigEndianAndRoundTrip() {
        assertThat(ByteKeys.longBytes(0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(ByteKeys.readLong(ByteKeys.longBytes(-42L), 0)).isEqualTo(-42L);
        assertThat(ByteKeys.intBytes(0x01020304)).containsExactly(1, 2, 3, 4);
        assertThat(ByteKeys.readInt(ByteKeys.intBytes(-7), 0)).isEqualTo(-7);
        assertThat(ByteKeys.compare(ByteKeys.longBytes(255), ByteKeys.longBytes(256))).isNegative();
    }

    @Test
    void concatAndStartsWith() {
        byte[] joined = ByteKeys.concat(new byte[] {1}, new byte[0], new byte[] {2, 3});
        assertThat(joined).containsExactly(1, 2, 3);
        assertThat(ByteKeys.startsWith(joined, new byte[] {1, 2})).isTrue();
        assertThat(ByteKeys.startsWith(joined, new byte[] {2})).isFalse();
    }
}
