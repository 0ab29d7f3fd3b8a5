package io.stratus.storage;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.io.InputStream;

/**
 * A whole-object write. {@code contentLength} is the exact number of bytes the body must yield
 * (fewer or more is {@link StorageError#INCOMPLETE_BODY}), or -1 when unknown (read to EOF).
 * {@code checksumAlgorithm} may be null (no S3 checksum stored).
 */
public record PutObjectRequest(
        String bucket,
        String key,
        ObjectMetadata metadata,
        InputStream body,
        long contentLength,
        ChecksumAlgorithm checksumAlgorithm,
        PreCommitCheck check,
        WriteCondition condition) {
}
