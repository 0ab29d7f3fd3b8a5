package io.stratus.storage.disk;

import io.stratus.kv.KvException;
import io.stratus.kv.RocksKv;
import io.stratus.storage.BucketInfo;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the three stores share: the metadata store, the data files, the clock, striped locks that
 * serialise commits to one key (so a write condition and its commit are atomic), and the usage
 * counters mirrored in memory.
 */
final class EngineContext {
    private static final int STRIPES = 1024;

    final RocksKv kv;
    final DataFiles files;
    final DiskStorageOptions options;
    final Clock clock;
    final AtomicLong objectCount = new AtomicLong();
    final AtomicLong byteCount = new AtomicLong();
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    EngineContext(RocksKv kv, DataFiles files, DiskStorageOptions options, Clock clock) throws KvException {
        this.kv = kv;
        this.files = files;
        this.options = options;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        objectCount.set(RocksKv.decodeCounter(kv.get(Keys.COUNTERS, Keys.OBJECT_COUNT)));
        byteCount.set(RocksKv.decodeCounter(kv.get(Keys.COUNTERS, Keys.BYTE_COUNT)));
    }

    ReentrantLock lockFor(long bucketId, String key) {
        int h = Long.hashCode(bucketId) * 31 + key.hashCode();
        return locks[Math.floorMod(h ^ (h >>> 16), STRIPES)];
    }

    Records.BucketRecord bucket(String name) throws StorageException {
        try {
            byte[] v = kv.get(Keys.BUCKETS, Keys.utf8(name));
            if (v == null) {
                throw new StorageException(StorageError.NO_SUCH_BUCKET, "No such bucket: " + name);
            }
            return Records.decodeBucket(v);
        } catch (KvException e) {
            throw internal(e);
        }
    }

    static BucketInfo info(String name, Records.BucketRecord r) {
        return new BucketInfo(name, r.created(), r.region());
    }

    Records.ObjectRecord object(long bucketId, String key) throws StorageException {
        try {
            byte[] v = kv.get(Keys.OBJECTS, Keys.object(bucketId, key));
            return v == null ? null : Records.decodeObject(v);
        } catch (KvException e) {
            throw internal(e);
        }
    }

    /** Adds the counter changes of replacing {@code old} (may be null) by {@code size} bytes (-1 = removed). */
    void countChange(RocksKv.Batch batch, Records.ObjectRecord old, long newSize) throws KvException {
        long dObjects = (newSize >= 0 ? 1 : 0) - (old != null ? 1 : 0);
        long dBytes = Math.max(newSize, 0) - (old != null ? old.size() : 0);
        if (dObjects != 0) {
            batch.add(Keys.COUNTERS, Keys.OBJECT_COUNT, dObjects);
        }
        if (dBytes != 0) {
            batch.add(Keys.COUNTERS, Keys.BYTE_COUNT, dBytes);
        }
    }

    void applyCount(Records.ObjectRecord old, long newSize) {
        objectCount.addAndGet((newSize >= 0 ? 1 : 0) - (old != null ? 1 : 0));
        byteCount.addAndGet(Math.max(newSize, 0) - (old != null ? old.size() : 0));
    }

    /** Records the data files of a segment as referenced (in the same batch that references them). */
    static void reference(RocksKv.Batch batch, Segment s) throws KvException {
        if (s instanceof Segment.File f) {
            batch.put(Keys.FILES, Keys.utf8(f.name()), new byte[0]);
        }
    }

    static void unreference(RocksKv.Batch batch, Segment s) throws KvException {
        if (s instanceof Segment.File f) {
            batch.delete(Keys.FILES, Keys.utf8(f.name()));
        }
    }

    void deleteFiles(Iterable<Segment> segments) {
        for (Segment s : segments) {
            if (s instanceof Segment.File f) {
                files.delete(f.name());
            }
        }
    }

    static StorageException internal(Exception e) {
        return new StorageException(StorageError.INTERNAL, "Metadata store failure: " + e.getMessage(), e);
    }
}
