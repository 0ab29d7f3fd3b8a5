package io.stratus.storage;

import java.time.Instant;

/** An in-progress multipart upload and the attributes the final object will carry. */
public record MultipartUpload(
        String bucket,
        String key,
        String uploadId,
        Instant initiated,
        ObjectMetadata metadata,
        io.stratus.core.checksum.ChecksumAlgorithm checksumAlgorithm,
        ChecksumValue.ChecksumType checksumType) {
}
