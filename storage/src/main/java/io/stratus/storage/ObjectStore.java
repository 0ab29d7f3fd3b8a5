package io.stratus.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Objects in a bucket (unversioned). Every method that names a bucket throws NO_SUCH_BUCKET when
 * it does not exist. A write is acknowledged (returns) only after its data is fsynced and its
 * metadata committed in a synced batch; concurrent writes to one key end as exactly one of them.
 */
public interface ObjectStore {
    /** @throws StorageException PRECONDITION_FAILED, INCOMPLETE_BODY, INSUFFICIENT_STORAGE, or what the check threw */
    ObjectInfo put(PutObjectRequest request) throws Exception;

    /**
     * {@link #put}, but the write may be acknowledged later, from another thread: the future
     * completes once the write is durable, or fails with a StorageException (PRECONDITION_FAILED,
     * NO_SUCH_KEY, NO_SUCH_BUCKET, INSUFFICIENT_STORAGE, INTERNAL). What fails before the body is
     * stored (the body, its checks, the bucket) may still be thrown here.
     */
    default CompletableFuture<ObjectInfo> putAsync(PutObjectRequest request) throws Exception {
        return CompletableFuture.completedFuture(put(request));
    }

    /** @throws StorageException NO_SUCH_KEY */
    ObjectInfo head(String bucket, String key) throws StorageException;

    /**
     * Opens {@code length} bytes from {@code offset} (the caller has already resolved and checked
     * the range against the size; length may be 0).
     * @throws StorageException NO_SUCH_KEY
     */
    ObjectBody open(String bucket, String key, long offset, long length) throws StorageException;

    /**
     * Opens the part of the object that {@code selector} picks from its metadata, with a single
     * metadata read: what the caller derives from the info it is shown (headers, preconditions)
     * describes exactly the bytes opened, even while the key is being overwritten. The selector may
     * run again when the object was replaced between the read and the open; its last call holds.
     * @throws StorageException NO_SUCH_KEY
     * @throws X what the selector threw (nothing is opened then)
     */
    <X extends Exception> ObjectBody open(String bucket, String key, RangeSelector<X> selector) throws StorageException, X;

    /** Picks the byte range to open once the object's current metadata is known. */
    @FunctionalInterface
    interface RangeSelector<X extends Exception> {
        /** @return {@code {offset, length}} within the object's size */
        long[] select(ObjectInfo info) throws X;
    }

    /** Deletes if present; deleting a missing key is not an error (S3 semantics). */
    void delete(String bucket, String key) throws StorageException;

    /** Replaces the metadata of an existing object without touching its bytes. */
    ObjectInfo replaceMetadata(String bucket, String key, ObjectMetadata metadata, WriteCondition condition) throws StorageException;

    ListResult list(ListRequest request) throws StorageException;

    /** Number of objects and total bytes across all buckets, for metrics; cheap (no scan). */
    StorageUsage usage();

    record StorageUsage(long objects, long bytes) {
    }

    /** Keys only, convenience for tests and deletes. */
    default List<String> keys(String bucket, String prefix, int max) throws StorageException {
        return list(new ListRequest(bucket, prefix, null, null, max)).objects().stream().map(ObjectInfo::key).toList();
    }
}
