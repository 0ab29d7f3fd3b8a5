package io.stratus.storage;

import java.util.List;

/**
 * Objects in a bucket (unversioned). Every method that names a bucket throws NO_SUCH_BUCKET when
 * it does not exist. A write is acknowledged (returns) only after its data is fsynced and its
 * metadata committed in a synced batch; concurrent writes to one key end as exactly one of them.
 */
public interface ObjectStore {
    /** @throws StorageException PRECONDITION_FAILED, INCOMPLETE_BODY, INSUFFICIENT_STORAGE, or what the check threw */
    ObjectInfo put(PutObjectRequest request) throws Exception;

    /** @throws StorageException NO_SUCH_KEY */
    ObjectInfo head(String bucket, String key) throws StorageException;

    /**
     * Opens {@code length} bytes from {@code offset} (the caller has already resolved and checked
     * the range against the size; length may be 0).
     * @throws StorageException NO_SUCH_KEY
     */
    ObjectBody open(String bucket, String key, long offset, long length) throws StorageException;

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
