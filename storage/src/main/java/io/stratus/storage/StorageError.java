package io.stratus.storage;

/** What went wrong in the storage engine, independent of any wire protocol. */
public enum StorageError {
    NO_SUCH_BUCKET,
    BUCKET_ALREADY_EXISTS,
    BUCKET_NOT_EMPTY,
    NO_SUCH_KEY,
    NO_SUCH_UPLOAD,
    /** A write condition (If-None-Match: *, If-Match) did not hold at commit time. */
    PRECONDITION_FAILED,
    /** Stored bytes do not match their stored checksum. Never serve the bytes. */
    CORRUPT_DATA,
    /** The data directory has no room (or the configured free-space reserve was reached). */
    INSUFFICIENT_STORAGE,
    /** The request body ended before the declared length, or ran past it. */
    INCOMPLETE_BODY,
    /** Too many writes are waiting to be committed; nothing was changed, and the caller may retry. */
    BUSY,
    INTERNAL
}
