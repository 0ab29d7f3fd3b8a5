package io.stratus.core.checksum;

import static io.stratus.core.checksum.TestChecksummers.digest;
import static io.stratus.core.checksum.TestChecksummers.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestMultipartChecksums {
    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void compositeOfOnePartIsDigestOfItsDigest(ChecksumAlgorithm alg) {
        byte[] part = random(12345, 1);
        byte[] partDigest = digest(alg, part, 0, part.length);
        String expected = Base64.getEncoder().encodeToString(digest(alg, partDigest, 0, partDigest.length)) + "-1";
        assertThat(MultipartChecksums.composite(alg, List.of(partDigest))).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void compositeDigestsConcatenationInPartOrder(ChecksumAlgorithm alg) {
        byte[] d1 = digest(alg, random(100, 1), 0, 100);
        byte[] d2 = digest(alg, random(200, 2), 0, 200);
        byte[] d3 = digest(alg, random(0, 3), 0, 0);
        Checksummer outer = alg.newChecksummer();
        outer.update(d1);
        outer.update(d2);
        outer.update(d3);
        String expected = outer.digestBase64() + "-3";
        assertThat(MultipartChecksums.composite(alg, List.of(d1, d2, d3))).isEqualTo(expected);
        assertThat(MultipartChecksums.composite(alg, List.of(d2, d1, d3))).isNotEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32C", "CRC64NVME"})
    void fullObjectCrcOfRandomPartsEqualsCrcOfWhole(ChecksumAlgorithm alg) {
        Random random = new Random(17);
        for (int trial = 0; trial < 100; trial++) {
            int length = trial < 50 ? random.nextInt(30) : random.nextInt(200_000);
            byte[] data = random(length, trial);
            List<byte[]> digests = new ArrayList<>();
            List<Long> lengths = new ArrayList<>();
            int pos = 0;
            int parts = 1 + random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                // The last part takes the rest; earlier ones may be empty or one byte.
                int n = p == parts - 1 ? length - pos : random.nextInt(Math.min(length - pos, 3) + 1 + (length - pos) / 2);
                n = Math.min(n, length - pos);
                digests.add(digest(alg, data, pos, n));
                lengths.add((long) n);
                pos += n;
            }
            String expected = Base64.getEncoder().encodeToString(digest(alg, data, 0, length));
            assertThat(MultipartChecksums.fullObjectCrc(alg, digests, lengths))
                    .as("trial %d lengths %s", trial, lengths)
                    .isEqualTo(expected);
        }
    }

    @Test
    void rejectsMisuse() {
        byte[] crc32 = new byte[4];
        assertThatThrownBy(() -> MultipartChecksums.composite(ChecksumAlgorithm.CRC32, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartChecksums.composite(ChecksumAlgorithm.CRC64NVME, List.of(crc32)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartChecksums.fullObjectCrc(ChecksumAlgorithm.SHA256, List.of(new byte[32]), List.of(1L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartChecksums.fullObjectCrc(ChecksumAlgorithm.CRC32, List.of(crc32), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
