package io.stratus.storage;

/**
 * Tuning of the local storage engine.
 *
 * @param inlineThreshold bodies of at most this many bytes are stored inside the metadata record
 *                        (one synced write, no data file)
 * @param blockSize       unit of the per-block CRC32C verified on every read; a read of any byte
 *                        reads and checks its whole block
 * @param minFreeBytes    free-space reserve on the data directory's file system: a write that
 *                        would go below it fails with {@link StorageError#INSUFFICIENT_STORAGE}
 * @param directWrites    write large bodies with O_DIRECT where the file system supports it: no
 *                        copy into the page cache and little left for the fsync, at the price of
 *                        a first read from the disk rather than from memory (off by default)
 * @param groupCommitQueueBytes small writes waiting for the group committer, in bytes
 *                        of their records, beyond which new ones are refused with
 *                        {@link StorageError#BUSY} (the caller retries: S3's 503 SlowDown) rather
 *                        than held in memory without limit; one is always admitted to an empty queue
 */
public record StorageOptions(int inlineThreshold, int blockSize, long minFreeBytes, boolean directWrites,
                             long groupCommitQueueBytes) {
    public static final int DEFAULT_INLINE_THRESHOLD = 128 * 1024;
    public static final int DEFAULT_BLOCK_SIZE = 1024 * 1024;
    public static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;
    /** 256 bodies of 128 KiB, or 8,000 of 4 KiB: far more than the connections a 2-core server keeps busy. */
    public static final long DEFAULT_GROUP_COMMIT_QUEUE_BYTES = 32L * 1024 * 1024;
    /** Inline bodies are buffered whole in memory, so they must stay small. */
    public static final int MAX_INLINE_THRESHOLD = 16 * 1024 * 1024;
    /** Reads buffer one block per call. */
    public static final int MAX_BLOCK_SIZE = 64 * 1024 * 1024;

    public StorageOptions {
        if (inlineThreshold < 0 || inlineThreshold > MAX_INLINE_THRESHOLD) {
            throw new IllegalArgumentException("inlineThreshold must be in [0, " + MAX_INLINE_THRESHOLD + "]: " + inlineThreshold);
        }
        if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("blockSize must be in [1, " + MAX_BLOCK_SIZE + "]: " + blockSize);
        }
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("minFreeBytes is negative: " + minFreeBytes);
        }
        if (groupCommitQueueBytes < 1) {
            throw new IllegalArgumentException("groupCommitQueueBytes must be positive: " + groupCommitQueueBytes);
        }
    }

    public static StorageOptions defaults() {
        return new StorageOptions(DEFAULT_INLINE_THRESHOLD, DEFAULT_BLOCK_SIZE, DEFAULT_MIN_FREE_BYTES, false,
                DEFAULT_GROUP_COMMIT_QUEUE_BYTES);
    }

    public StorageOptions withInlineThreshold(int value) {
        return new StorageOptions(value, blockSize, minFreeBytes, directWrites, groupCommitQueueBytes);
    }

    public StorageOptions withBlockSize(int value) {
        return new StorageOptions(inlineThreshold, value, minFreeBytes, directWrites, groupCommitQueueBytes);
    }

    public StorageOptions withMinFreeBytes(long value) {
        return new StorageOptions(inlineThreshold, blockSize, value, directWrites, groupCommitQueueBytes);
    }

    public StorageOptions withGroupCommitQueueBytes(long value) {
        return new StorageOptions(inlineThreshold, blockSize, minFreeBytes, directWrites, value);
    }

    public StorageOptions withDirectWrites(boolean value) {
        return new StorageOptions(inlineThreshold, blockSize, minFreeBytes, value, groupCommitQueueBytes);
    }
}
