package io.stratus.storage;

import io.stratus.core.checksum.ChecksumAlgorithm;

/**
 * An S3 checksum as stored: the algorithm, its base64 value (for a composite multipart checksum
 * the value includes the {@code -N} suffix, as AWS prints it) and whether it covers the full object
 * or is composite.
 */
public record ChecksumValue(ChecksumAlgorithm algorithm, String base64, ChecksumType type) {
    public enum ChecksumType { FULL_OBJECT, COMPOSITE }
}
