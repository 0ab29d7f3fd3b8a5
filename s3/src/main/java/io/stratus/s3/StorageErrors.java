package io.stratus.s3;

import io.stratus.storage.StorageException;
import java.util.Map;

/** The one translation of storage-engine failures into S3 errors. */
public final class StorageErrors {
    private StorageErrors() {
    }

    public static S3Exception toS3(StorageException e, String bucket, String key) {
        return switch (e.error()) {
            case NO_SUCH_BUCKET -> new S3Exception(S3ErrorCode.NO_SUCH_BUCKET, S3ErrorCode.NO_SUCH_BUCKET.defaultMessage(),
                    bucket == null ? Map.of() : Map.of("BucketName", bucket));
            case BUCKET_ALREADY_EXISTS -> new S3Exception(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU,
                    S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU.defaultMessage(), Map.of("BucketName", bucket));
            case BUCKET_NOT_EMPTY -> new S3Exception(S3ErrorCode.BUCKET_NOT_EMPTY, S3ErrorCode.BUCKET_NOT_EMPTY.defaultMessage(),
                    Map.of("BucketName", bucket));
            case NO_SUCH_KEY -> new S3Exception(S3ErrorCode.NO_SUCH_KEY, S3ErrorCode.NO_SUCH_KEY.defaultMessage(),
                    key == null ? Map.of() : Map.of("Key", key));
            case NO_SUCH_UPLOAD -> new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD);
            case PRECONDITION_FAILED -> new S3Exception(S3ErrorCode.PRECONDITION_FAILED);
            case INCOMPLETE_BODY -> new S3Exception(S3ErrorCode.INCOMPLETE_BODY);
            case INSUFFICIENT_STORAGE -> new S3Exception(S3ErrorCode.INSUFFICIENT_STORAGE);
            case BUSY -> new S3Exception(S3ErrorCode.SLOW_DOWN);
            case CORRUPT_DATA, INTERNAL -> new S3Exception(S3ErrorCode.INTERNAL_ERROR);
        };
    }
}
