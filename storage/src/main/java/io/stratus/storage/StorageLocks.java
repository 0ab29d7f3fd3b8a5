package io.stratus.storage;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The engine's locks, always taken in this order: bucket admin, bucket stripe, key stripe.
 *
 * <ul>
 *   <li>Key stripes (by hash of bucket id + key) serialise the read-check-commit of one key, so a
 *       write condition is checked atomically with the commit and concurrent writers of one key
 *       end as exactly one of them. Different keys use different stripes and commit in parallel
 *       (RocksDB group-commits their synced writes).</li>
 *   <li>Bucket stripes are read-write: every change inside a bucket holds its stripe shared, a
 *       bucket delete holds it exclusive, so nothing can commit into a bucket being deleted.</li>
 *   <li>The admin lock serialises bucket creation and deletion (rare, name-level operations).</li>
 * </ul>
 */
final class StorageLocks {
    static final int KEY_STRIPES = 1024;
    private static final int BUCKET_STRIPES = 64;

    private final ReentrantLock[] keyLocks = new ReentrantLock[KEY_STRIPES];
    private final ReentrantReadWriteLock[] bucketLocks = new ReentrantReadWriteLock[BUCKET_STRIPES];
    private final ReentrantLock bucketAdmin = new ReentrantLock();

    StorageLocks() {
        for (int i = 0; i < KEY_STRIPES; i++) {
            keyLocks[i] = new ReentrantLock();
        }
        for (int i = 0; i < BUCKET_STRIPES; i++) {
            bucketLocks[i] = new ReentrantReadWriteLock();
        }
    }

    /** The key's stripe; also the usage-counter shard its changes are counted in. */
    static int stripe(long bucketId, String key) {
        int h = Long.hashCode(bucketId) * 31 + key.hashCode();
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return h & (KEY_STRIPES - 1);
    }

    /** Holds the bucket's stripe shared and the key's stripe exclusive until closed. */
    KeyLock lockKey(long bucketId, String key) {
        Lock shared = bucketLocks[bucketStripe(bucketId)].readLock();
        int stripe = stripe(bucketId, key);
        shared.lock();
        try {
            keyLocks[stripe].lock();
        } catch (RuntimeException | Error e) {
            shared.unlock();
            throw e;
        }
        return new KeyLock(stripe, keyLocks[stripe], shared);
    }

    /**
     * Like {@link #lockKey}, but takes neither lock and returns null at once where either is held
     * elsewhere (or, for the bucket's stripe, exclusively).
     */
    KeyLock tryLockKey(long bucketId, String key) {
        Lock shared = bucketLocks[bucketStripe(bucketId)].readLock();
        if (!shared.tryLock()) {
            return null;
        }
        int stripe = stripe(bucketId, key);
        if (!keyLocks[stripe].tryLock()) {
            shared.unlock();
            return null;
        }
        return new KeyLock(stripe, keyLocks[stripe], shared);
    }

    /** Holds the bucket's stripe shared (for changes that are not tied to one key's state). */
    Held lockBucketShared(long bucketId) {
        Lock shared = bucketLocks[bucketStripe(bucketId)].readLock();
        shared.lock();
        return shared::unlock;
    }

    /** Excludes every change in the bucket (and in the others of its stripe) until closed. */
    Held lockBucketExclusive(long bucketId) {
        Lock exclusive = bucketLocks[bucketStripe(bucketId)].writeLock();
        exclusive.lock();
        return exclusive::unlock;
    }

    Held lockBucketAdmin() {
        bucketAdmin.lock();
        return bucketAdmin::unlock;
    }

    private static int bucketStripe(long bucketId) {
        return (int) ((bucketId ^ (bucketId >>> 32)) & (BUCKET_STRIPES - 1));
    }

    /** A held lock, released by close (try-with-resources). */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** A held key stripe (and its bucket stripe, shared). */
    static final class KeyLock implements Held {
        private final int stripe;
        private final Lock keyLock;
        private final Lock bucketLock;

        private KeyLock(int stripe, Lock keyLock, Lock bucketLock) {
            this.stripe = stripe;
            this.keyLock = keyLock;
            this.bucketLock = bucketLock;
        }

        int stripe() {
            return stripe;
        }

        @Override
        public void close() {
            keyLock.unlock();
            bucketLock.unlock();
        }
    }
}
