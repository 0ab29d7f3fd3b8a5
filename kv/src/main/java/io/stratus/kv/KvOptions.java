package io.stratus.kv;

/**
 * Tuning of a {@link KvStore}. {@code blockCacheBytes} is one block cache (RocksDB's
 * HyperClockCache) shared by all column families, so hot metadata stays in memory whatever table
 * it lives in.
 */
public record KvOptions(long blockCacheBytes) {
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L * 1024 * 1024;

    public KvOptions {
        if (blockCacheBytes < 0) {
            throw new IllegalArgumentException("blockCacheBytes is negative: " + blockCacheBytes);
        }
    }

    public static KvOptions defaults() {
        return new KvOptions(DEFAULT_BLOCK_CACHE_BYTES);
    }
}
