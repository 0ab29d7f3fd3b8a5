package io.stratus.storage;

import java.util.List;
import java.util.Optional;

/** Buckets. Names are validated by the protocol layer; the engine stores what it is given. */
public interface BucketStore {
    /** @throws StorageException BUCKET_ALREADY_EXISTS */
    BucketInfo create(String name, String region) throws StorageException;

    Optional<BucketInfo> get(String name);

    /** All buckets, sorted by name. */
    List<BucketInfo> list();

    /**
     * Deletes an empty bucket; in-progress multipart uploads in it are aborted.
     * @throws StorageException NO_SUCH_BUCKET, BUCKET_NOT_EMPTY (any object remains)
     */
    void delete(String name) throws StorageException;
}
