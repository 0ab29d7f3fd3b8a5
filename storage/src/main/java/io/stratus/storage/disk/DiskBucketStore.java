package io.stratus.storage.disk;

import io.stratus.kv.KvException;
import io.stratus.kv.RocksKv;
import io.stratus.storage.BucketInfo;
import io.stratus.storage.BucketStore;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** Buckets: name to a random, stable id under which all of the bucket's keys live. */
final class DiskBucketStore implements BucketStore {
    private final EngineContext ctx;
    private final DiskMultipartStore multipart;
    private final SecureRandom random = new SecureRandom();
    /** Bucket creation and deletion are rare: one lock keeps create/delete races simple. */
    private final ReentrantLock lock = new ReentrantLock();

    DiskBucketStore(EngineContext ctx, DiskMultipartStore multipart) {
        this.ctx = ctx;
        this.multipart = multipart;
    }

    @Override
    public BucketInfo create(String name, String region) throws StorageException {
        lock.lock();
        try {
            if (ctx.kv.get(Keys.BUCKETS, Keys.utf8(name)) != null) {
                throw new StorageException(StorageError.BUCKET_ALREADY_EXISTS, "Bucket exists: " + name);
            }
            Records.BucketRecord r = new Records.BucketRecord(random.nextLong() & Long.MAX_VALUE,
                    ctx.clock.instant(), region);
            ctx.kv.commit(ctx.kv.batch().put(Keys.BUCKETS, Keys.utf8(name), Records.encode(r)));
            return EngineContext.info(name, r);
        } catch (KvException e) {
            throw EngineContext.internal(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<BucketInfo> get(String name) {
        try {
            return Optional.of(EngineContext.info(name, ctx.bucket(name)));
        } catch (StorageException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<BucketInfo> list() {
        List<BucketInfo> result = new ArrayList<>();
        try (RocksKv.Cursor c = ctx.kv.cursor(Keys.BUCKETS, null)) {
            for (c.seek(new byte[0]); c.valid(); c.next()) {
                result.add(EngineContext.info(new String(c.key(), java.nio.charset.StandardCharsets.UTF_8),
                        Records.decodeBucket(c.value())));
            }
        }
        return result;
    }

    @Override
    public void delete(String name) throws StorageException {
        lock.lock();
        try {
            Records.BucketRecord r = ctx.bucket(name);
            byte[] prefix = Keys.bucketPrefix(r.id());
            try (RocksKv.Cursor c = ctx.kv.cursor(Keys.OBJECTS, Keys.successor(prefix))) {
                c.seek(prefix);
                if (c.valid()) {
                    throw new StorageException(StorageError.BUCKET_NOT_EMPTY, "Bucket not empty: " + name);
                }
            }
            multipart.abortAll(r.id());
            ctx.kv.commit(ctx.kv.batch().delete(Keys.BUCKETS, Keys.utf8(name)));
        } catch (KvException e) {
            throw EngineContext.internal(e);
        } finally {
            lock.unlock();
        }
    }
}
