package io.stratus.core.checksum;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.core.util.Hex;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TestChecksummers {
    @ParameterizedTest
    @CsvSource({
        "CRC32, cbf43926, 00000000",
        "CRC32C, e3069283, 00000000",
        "CRC64NVME, ae8b14860a799888, 0000000000000000",
        "SHA1, f7c3bc1d808e04732adf679965ccc34ca7ae3441, da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "SHA256, 15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225,"
                + " e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    })
    void knownAnswers(ChecksumAlgorithm alg, String check, String empty) {
        assertThat(hex(alg, "123456789".getBytes(US_ASCII))).isEqualTo(check);
        assertThat(hex(alg, new byte[0])).isEqualTo(empty);
    }

    /** Vectors from the AWS Common Runtime's own CRC64NVME tests (aws-c-checksums, aws-c-s3). */
    @Test
    void crc64NvmeMatchesAwsCommonRuntimeVectors() {
        byte[] values = new byte[32];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) i;
        }
        assertThat(hex(ChecksumAlgorithm.CRC64NVME, new byte[32])).isEqualTo("cf3473434d4ecf3b");
        assertThat(hex(ChecksumAlgorithm.CRC64NVME, values)).isEqualTo("b9d9d4a8492cbd7f");
        assertThat(hex(ChecksumAlgorithm.CRC64NVME, "aaaaaaaaaa".getBytes(US_ASCII))).isEqualTo("0c1a80036d65c555");
    }

    @Test
    void digestBase64IsBase64OfBigEndianDigest() {
        Checksummer c = ChecksumAlgorithm.CRC64NVME.newChecksummer();
        c.update("123456789".getBytes(US_ASCII));
        assertThat(c.digestBase64())
                .isEqualTo(Base64.getEncoder().encodeToString(Hex.decode("ae8b14860a799888")));
    }

    @Test
    void crc64NvmeAgreesWithBitwiseReferenceOnEveryLengthUpTo300() {
        byte[] data = random(300, 1);
        for (int len = 0; len <= data.length; len++) {
            Checksummer c = ChecksumAlgorithm.CRC64NVME.newChecksummer();
            c.update(data, 0, len);
            assertThat(CrcCombine.toLong(c.digest())).as("length %d", len).isEqualTo(bitwiseCrc64Nvme(data, 0, len));
        }
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void byteBuffersMatchArrays(ChecksumAlgorithm alg) {
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            byte[] data = random(random.nextInt(2000), trial);
            int from = data.length == 0 ? 0 : random.nextInt(data.length);
            int to = from + random.nextInt(data.length - from + 1);
            byte[] expected = digest(alg, data, from, to - from);

            ByteBuffer heap = ByteBuffer.wrap(data).position(from).limit(to);
            assertThat(digestOf(alg, heap)).isEqualTo(expected);
            assertThat(heap.position()).isEqualTo(to);

            // A slice gives a heap buffer with a non-zero array offset.
            ByteBuffer sliced = ByteBuffer.wrap(data).position(from).slice().limit(to - from);
            assertThat(digestOf(alg, sliced)).isEqualTo(expected);

            ByteBuffer readOnly = ByteBuffer.wrap(data).asReadOnlyBuffer().position(from).limit(to);
            assertThat(digestOf(alg, readOnly)).isEqualTo(expected);

            ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
            direct.put(data).position(from).limit(to);
            assertThat(digestOf(alg, direct)).isEqualTo(expected);
            assertThat(direct.position()).isEqualTo(to);
            assertThat(direct.order()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN);
        }
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void manySmallUpdatesMatchOneShot(ChecksumAlgorithm alg) {
        Random random = new Random(11);
        for (int trial = 0; trial < 30; trial++) {
            byte[] data = random(random.nextInt(5000), 100 + trial);
            byte[] expected = digest(alg, data, 0, data.length);
            Checksummer split = alg.newChecksummer();
            int pos = 0;
            while (pos < data.length) {
                int n = Math.min(data.length - pos, random.nextInt(40));
                if (random.nextBoolean()) {
                    split.update(data, pos, n);
                } else {
                    ByteBuffer direct = ByteBuffer.allocateDirect(n);
                    direct.put(data, pos, n).flip();
                    split.update(direct);
                }
                pos += n;
            }
            assertThat(split.digest()).as("trial %d", trial).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void digestLengthMatchesAlgorithm(ChecksumAlgorithm alg) {
        assertThat(alg.newChecksummer().digest()).hasSize(alg.digestLength());
    }

    /** One bit at a time, straight from the definition, as an independent reference. */
    static long bitwiseCrc64Nvme(byte[] data, int offset, int length) {
        long crc = ~0L;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9A6C9329AC4BC9B5L : crc >>> 1;
            }
        }
        return ~crc;
    }

    static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] digest(ChecksumAlgorithm alg, byte[] data, int offset, int length) {
        Checksummer c = alg.newChecksummer();
        c.update(data, offset, length);
        return c.digest();
    }

    private static byte[] digestOf(ChecksumAlgorithm alg, ByteBuffer buffer) {
        Checksummer c = alg.newChecksummer();
        c.update(buffer);
        return c.digest();
    }

    private static String hex(ChecksumAlgorithm alg, byte[] data) {
        return Hex.encode(digest(alg, data, 0, data.length));
    }
}
