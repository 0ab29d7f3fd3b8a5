package io.stratus.kv;

import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A seekable position in one column family, limited to the bounds it was created with. Not
 * thread-safe: one cursor per caller. Close it (try-with-resources); the store closes forgotten
 * cursors when it closes.
 */
public final class KvCursor implements AutoCloseable {
    private final KvStore store;
    private final RocksIterator iterator;
    private final ReadOptions readOptions;
    private final Slice lowerBound;
    private final Slice upperBound;
    private final AtomicBoolean released = new AtomicBoolean();

    KvCursor(KvStore store, RocksIterator iterator, ReadOptions readOptions, Slice lowerBound, Slice upperBound) {
        this.store = store;
        this.iterator = iterator;
        this.readOptions = readOptions;
        this.lowerBound = lowerBound;
        this.upperBound = upperBound;
    }

    /** Positions at the first key >= {@code key} (clamped to the bounds). */
    public void seek(byte[] key) {
        store.enter();
        try {
            ensureOpen();
            iterator.seek(key);
        } finally {
            store.exit();
        }
    }

    public void seekToFirst() {
        store.enter();
        try {
            ensureOpen();
            iterator.seekToFirst();
        } finally {
            store.exit();
        }
    }

    /** True when positioned on a key; false at the end, which also surfaces any read error. */
    public boolean isValid() {
        store.enter();
        try {
            ensureOpen();
            if (iterator.isValid()) {
                return true;
            }
            iterator.status();
            return false;
        } catch (RocksDBException e) {
            throw new KvException("iteration failed: " + e.getMessage(), e);
        } finally {
            store.exit();
        }
    }

    public void next() {
        store.enter();
        try {
            ensureOpen();
            iterator.next();
        } finally {
            store.exit();
        }
    }

    public byte[] key() {
        store.enter();
        try {
            ensureOpen();
            return iterator.key();
        } finally {
            store.exit();
        }
    }

    public byte[] value() {
        store.enter();
        try {
            ensureOpen();
            return iterator.value();
        } finally {
            store.exit();
        }
    }

    @Override
    public void close() {
        if (store.enterIfOpen()) {
            try {
                release();
            } finally {
                store.exit();
            }
        }
        // else: the store's close already released this cursor.
    }

    /** Frees the native iterator; caller holds the store's lifecycle lock (shared or exclusive). */
    void release() {
        if (released.compareAndSet(false, true)) {
            iterator.close();
            readOptions.close();
            if (lowerBound != null) {
                lowerBound.close();
            }
            if (upperBound != null) {
                upperBound.close();
            }
            store.forget(this);
        }
    }

    private void ensureOpen() {
        if (released.get()) {
            throw new KvException("cursor is closed");
        }
    }
}
