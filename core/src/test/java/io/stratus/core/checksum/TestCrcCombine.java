package io.stratus.core.checksum;

import static io.stratus.core.checksum.TestChecksummers.digest;
import static io.stratus.core.checksum.TestChecksummers.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestCrcCombine {
    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32C", "CRC64NVME"})
    void combineOfEverySplitEqualsCrcOfWhole(ChecksumAlgorithm alg) {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            // Mostly tiny lengths, where off-by-one mistakes live, plus some larger ones.
            int length = trial < 100 ? random.nextInt(20) : random.nextInt(70_000);
            byte[] data = random(length, trial);
            int split = random.nextInt(length + 1);
            long whole = crc(alg, data, 0, length);
            long a = crc(alg, data, 0, split);
            long b = crc(alg, data, split, length - split);
            assertThat(CrcCombine.combine(alg, a, b, length - split))
                    .as("length %d split %d", length, split)
                    .isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32C", "CRC64NVME"})
    void emptySidesAreIdentities(ChecksumAlgorithm alg) {
        long crc = crc(alg, "123456789".getBytes(), 0, 9);
        assertThat(CrcCombine.combine(alg, 0, crc, 9)).isEqualTo(crc);
        assertThat(CrcCombine.combine(alg, crc, 0, 0)).isEqualTo(crc);
    }

    /** Large lengths exercise high powers of x: compare against zeros actually hashed. */
    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32C", "CRC64NVME"})
    void combineAcrossMegabytesOfZeros(ChecksumAlgorithm alg) {
        byte[] head = random(1000, 5);
        byte[] zeros = new byte[3 * 1024 * 1024 + 17];
        Checksummer whole = alg.newChecksummer();
        whole.update(head);
        whole.update(zeros);
        long expected = CrcCombine.toLong(whole.digest());
        long combined = CrcCombine.combine(alg, crc(alg, head, 0, head.length),
                crc(alg, zeros, 0, zeros.length), zeros.length);
        assertThat(combined).isEqualTo(expected);
    }

    @Test
    void bytesRoundTrip() {
        assertThat(CrcCombine.toBytes(ChecksumAlgorithm.CRC32, 0xcbf43926L))
                .containsExactly(0xcb, 0xf4, 0x39, 0x26);
        assertThat(CrcCombine.toLong(new byte[] {(byte) 0xcb, (byte) 0xf4, 0x39, 0x26})).isEqualTo(0xcbf43926L);
        long crc64 = 0xae8b14860a799888L;
        assertThat(CrcCombine.toLong(CrcCombine.toBytes(ChecksumAlgorithm.CRC64NVME, crc64))).isEqualTo(crc64);
    }

    @Test
    void rejectsMisuse() {
        assertThatThrownBy(() -> CrcCombine.combine(ChecksumAlgorithm.SHA256, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrcCombine.combine(ChecksumAlgorithm.CRC32, 0, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
        // A sign-extended int is a caller bug, not a CRC32 value.
        assertThatThrownBy(() -> CrcCombine.combine(ChecksumAlgorithm.CRC32, (long) 0xcbf43926, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrcCombine.toLong(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrcCombine.toBytes(ChecksumAlgorithm.SHA1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long crc(ChecksumAlgorithm alg, byte[] data, int offset, int length) {
        return CrcCombine.toLong(digest(alg, data, offset, length));
    }
}
