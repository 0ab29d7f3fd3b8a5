package io.stratus.core.checksum;

import java.util.Locale;
import java.util.Optional;

/**
 * The checksum algorithms S3 accepts in {@code x-amz-checksum-*} headers and trailers.
 * Values travel as base64 of the big-endian digest bytes, exactly as AWS prints them.
 */
public enum ChecksumAlgorithm {
    CRC32("crc32", 4),
    CRC32C("crc32c", 4),
    CRC64NVME("crc64nvme", 8),
    SHA1("sha1", 20),
    SHA256("sha256", 32);

    private final String headerSuffix;
    private final int digestLength;

    ChecksumAlgorithm(String headerSuffix, int digestLength) {
        this.headerSuffix = headerSuffix;
        this.digestLength = digestLength;
    }

    /** The header that carries this checksum, e.g. {@code x-amz-checksum-crc32c}. */
    public String headerName() {
        return "x-amz-checksum-" + headerSuffix;
    }

    /** Length of the raw digest in bytes. */
    public int digestLength() {
        return digestLength;
    }

    /** True for the CRC family, whose values can be combined into a full-object checksum. */
    public boolean isCrc() {
        return this == CRC32 || this == CRC32C || this == CRC64NVME;
    }

    public Checksummer newChecksummer() {
        return Checksummers.create(this);
    }

    /** Parses the AWS spelling (case-insensitive), e.g. {@code CRC32C}. */
    public static Optional<ChecksumAlgorithm> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (ChecksumAlgorithm a : values()) {
            if (a.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Maps a header name such as {@code x-amz-checksum-sha256} back to its algorithm. */
    public static Optional<ChecksumAlgorithm> fromHeaderName(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String lower = header.trim().toLowerCase(Locale.ROOT);
        for (ChecksumAlgorithm a : values()) {
            if (a.headerName().equals(lower)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
