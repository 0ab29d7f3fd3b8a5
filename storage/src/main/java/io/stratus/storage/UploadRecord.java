package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.time.Instant;

/** The value in the uploads column family: an in-progress multipart upload. */
record UploadRecord(Instant initiated, ObjectMetadata metadata, ChecksumAlgorithm checksumAlgorithm,
                    ChecksumValue.ChecksumType checksumType) {
    static final int FORMAT_VERSION = 1;

    UploadRecord {
        requireNonNull(initiated, "initiated is null");
        requireNonNull(metadata, "metadata is null");
    }

    MultipartUpload toUpload(String bucket, String key, String uploadId) {
        return new MultipartUpload(bucket, key, uploadId, initiated, metadata, checksumAlgorithm, checksumType);
    }

    byte[] encode() {
        return new ValueWriter(FORMAT_VERSION)
                .writeInstant(initiated)
                .writeMetadata(metadata)
                .writeAlgorithm(checksumAlgorithm)
                .writeChecksumType(checksumType)
                .toByteArray();
    }

    static UploadRecord decode(byte[] value) {
        ValueReader in = ValueReader.open(value, FORMAT_VERSION, "upload record");
        Instant initiated = in.readInstant();
        ObjectMetadata metadata = in.readMetadata();
        ChecksumAlgorithm algorithm = in.readAlgorithm();
        return new UploadRecord(initiated, metadata, algorithm, in.readChecksumType());
    }
}
