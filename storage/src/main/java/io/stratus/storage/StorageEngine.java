package io.stratus.storage;

/**
 * The storage engine: one data directory holding the metadata store and the object data files.
 * Open it once per process; {@link #close()} flushes and closes the metadata store.
 */
public interface StorageEngine extends AutoCloseable {
    BucketStore buckets();

    ObjectStore objects();

    MultipartStore multipart();

    @Override
    void close();
}
