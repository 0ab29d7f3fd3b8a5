package io.stratus.storage;

import io.stratus.kv.KvBatch;
import io.stratus.kv.KvCursor;
import io.stratus.kv.KvStore;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exact object count and byte total, kept without a scan at start-up and without a global lock.
 *
 * <p>The totals are split into one shard per key-lock stripe. A change to a key updates its
 * stripe's shard in the same synced batch as the object change, while holding that stripe's lock,
 * so each shard's read-modify-write is serialised by a lock the writer already holds and
 * different stripes still commit in parallel. Open reads at most {@link StorageLocks#KEY_STRIPES}
 * small values. The sum is exact whatever shard a change lands in, so it stays correct even if
 * the stripe function changes between versions (a shard may then go negative; the sum does not).
 */
final class UsageCounters {
    private static final int FORMAT_VERSION = 1;

    private final AtomicLongArray objects = new AtomicLongArray(StorageLocks.KEY_STRIPES);
    private final AtomicLongArray bytes = new AtomicLongArray(StorageLocks.KEY_STRIPES);
    /** Shards outside this build's stripe range (written by a build with more stripes): counted, never rewritten. */
    private long foreignObjects;
    private long foreignBytes;

    /** Loads the shards written by previous runs. */
    static UsageCounters load(KvStore kv) {
        UsageCounters counters = new UsageCounters();
        byte[] prefix = {MetaSchema.USAGE_SHARD_TAG};
        try (KvCursor cursor = kv.prefixCursor(MetaSchema.COUNTERS, prefix)) {
            for (cursor.seek(prefix); cursor.isValid(); cursor.next()) {
                byte[] key = cursor.key();
                int shard = ((key[1] & 0xFF) << 8) | (key[2] & 0xFF);
                ValueReader in = ValueReader.open(cursor.value(), FORMAT_VERSION, "usage shard");
                long shardObjects = in.readLong();
                long shardBytes = in.readLong();
                if (shard < StorageLocks.KEY_STRIPES) {
                    counters.objects.set(shard, shardObjects);
                    counters.bytes.set(shard, shardBytes);
                } else {
                    counters.foreignObjects += shardObjects;
                    counters.foreignBytes += shardBytes;
                }
            }
        }
        return counters;
    }

    /**
     * Adds the new value of the shard to the batch. The caller holds the stripe's key lock and
     * calls {@link Change#apply()} only after the batch committed.
     */
    Change stage(KvBatch batch, int stripe, long objectDelta, long byteDelta) {
        long newObjects = objects.get(stripe) + objectDelta;
        long newBytes = bytes.get(stripe) + byteDelta;
        if (objectDelta != 0 || byteDelta != 0) {
            byte[] value = new ValueWriter(FORMAT_VERSION).writeLong(newObjects).writeLong(newBytes).toByteArray();
            batch.put(MetaSchema.COUNTERS, MetaSchema.usageShardKey(stripe), value);
        }
        return new Change(stripe, newObjects, newBytes);
    }

    ObjectStore.StorageUsage total() {
        long totalObjects = foreignObjects;
        long totalBytes = foreignBytes;
        for (int i = 0; i < StorageLocks.KEY_STRIPES; i++) {
            totalObjects += objects.get(i);
            totalBytes += bytes.get(i);
        }
        return new ObjectStore.StorageUsage(totalObjects, totalBytes);
    }

    /** A committed shard value to publish in memory. */
    final class Change {
        private final int stripe;
        private final long newObjects;
        private final long newBytes;

        private Change(int stripe, long newObjects, long newBytes) {
            this.stripe = stripe;
            this.newObjects = newObjects;
            this.newBytes = newBytes;
        }

        void apply() {
            objects.set(stripe, newObjects);
            bytes.set(stripe, newBytes);
        }
    }
}
