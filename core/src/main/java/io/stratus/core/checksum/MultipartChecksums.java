package io.stratus.core.checksum;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.List;

/**
 * The object-level checksum S3 reports for a completed multipart upload, from the parts' raw
 * digests (in ascending part-number order).
 *
 * <ul>
 *   <li>COMPOSITE ("checksum of checksums"): the algorithm's digest of the concatenated raw part
 *       digests, base64, then {@code -N}. The suffix marks that it is not a digest of the bytes.
 *   <li>FULL_OBJECT: the CRC of the whole object, combined from the part CRCs and lengths. Only
 *       the CRC family can do this; SHA digests cannot be combined.
 * </ul>
 */
public final class MultipartChecksums {
    private MultipartChecksums() {
    }

    /** {@code base64(alg(digest_1 || ... || digest_N)) + "-" + N}; works for every algorithm. */
    public static String composite(ChecksumAlgorithm alg, List<byte[]> partDigests) {
        requireNonNull(alg, "alg is null");
        requireNonNull(partDigests, "partDigests is null");
        if (partDigests.isEmpty()) {
            throw new IllegalArgumentException("a multipart upload has at least one part");
        }
        Checksummer outer = alg.newChecksummer();
        for (int i = 0; i < partDigests.size(); i++) {
            outer.update(checkDigest(alg, partDigests.get(i), i));
        }
        return outer.digestBase64() + "-" + partDigests.size();
    }

    /** base64 of the CRC of the whole object, for CRC32, CRC32C and CRC64NVME. */
    public static String fullObjectCrc(ChecksumAlgorithm alg, List<byte[]> partDigests, List<Long> partLengths) {
        requireNonNull(alg, "alg is null");
        requireNonNull(partDigests, "partDigests is null");
        requireNonNull(partLengths, "partLengths is null");
        if (!alg.isCrc()) {
            throw new IllegalArgumentException(alg + " has no FULL_OBJECT multipart checksum");
        }
        if (partDigests.size() != partLengths.size()) {
            throw new IllegalArgumentException(
                    partDigests.size() + " part digests but " + partLengths.size() + " part lengths");
        }
        long crc = 0; // the CRC of no bytes, for all three algorithms
        for (int i = 0; i < partDigests.size(); i++) {
            long partCrc = CrcCombine.toLong(checkDigest(alg, partDigests.get(i), i));
            Long length = requireNonNull(partLengths.get(i), "part length is null");
            crc = CrcCombine.combine(alg, crc, partCrc, length);
        }
        return Base64.getEncoder().encodeToString(CrcCombine.toBytes(alg, crc));
    }

    private static byte[] checkDigest(ChecksumAlgorithm alg, byte[] digest, int index) {
        requireNonNull(digest, "part digest is null");
        if (digest.length != alg.digestLength()) {
            throw new IllegalArgumentException("part digest " + index + " has " + digest.length
                    + " bytes; " + alg + " digests have " + alg.digestLength());
        }
        return digest;
    }
}
