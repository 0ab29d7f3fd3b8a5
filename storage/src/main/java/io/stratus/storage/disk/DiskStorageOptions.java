package io.stratus.storage.disk;

/**
 * Tuning of the disk engine: objects up to {@code inlineThreshold} bytes live in their metadata
 * record; file data is verified in {@code blockSize} blocks; writes fail with
 * INSUFFICIENT_STORAGE when the filesystem has less than {@code minFreeBytes} free.
 */
public record DiskStorageOptions(int inlineThreshold, int blockSize, long minFreeBytes) {
    public static DiskStorageOptions defaults() {
        return new DiskStorageOptions(128 * 1024, 1024 * 1024, 64L * 1024 * 1024);
    }

    public DiskStorageOptions withMinFreeBytes(long bytes) {
        return new DiskStorageOptions(inlineThreshold, blockSize, bytes);
    }
}
