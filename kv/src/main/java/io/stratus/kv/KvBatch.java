package io.stratus.kv;

import static java.util.Objects.requireNonNull;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Changes to apply atomically with {@link KvStore#commit}. Not thread-safe; close it after the
 * commit (try-with-resources) to free its native buffer.
 */
public final class KvBatch implements AutoCloseable {
    private final KvStore store;
    private final WriteBatch batch = new WriteBatch();

    KvBatch(KvStore store) {
        this.store = store;
    }

    public KvBatch put(ColumnFamily family, byte[] key, byte[] value) {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        store.enter();
        try {
            batch.put(store.handle(family), key, value);
            return this;
        } catch (RocksDBException e) {
            throw new KvException("batch put failed: " + e.getMessage(), e);
        } finally {
            store.exit();
        }
    }

    public KvBatch delete(ColumnFamily family, byte[] key) {
        requireNonNull(key, "key is null");
        store.enter();
        try {
            batch.delete(store.handle(family), key);
            return this;
        } catch (RocksDBException e) {
            throw new KvException("batch delete failed: " + e.getMessage(), e);
        } finally {
            store.exit();
        }
    }

    /** Number of puts and deletes in the batch. */
    public int count() {
        return batch.count();
    }

    WriteBatch writeBatch() {
        return batch;
    }

    @Override
    public void close() {
        batch.close();
    }
}
