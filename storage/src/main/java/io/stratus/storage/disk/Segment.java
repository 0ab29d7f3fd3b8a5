package io.stratus.storage.disk;

/**
 * A run of an object's bytes: either inline in the metadata record (small objects and parts) or
 * a data file. Each carries CRC32C values that every read verifies: one over the inline bytes, or
 * one per block of a file.
 */
sealed interface Segment permits Segment.Inline, Segment.File {
    long length();

    record Inline(byte[] bytes, int crc32c) implements Segment {
        @Override
        public long length() {
            return bytes.length;
        }
    }

    /** {@code name} is a generated file name under data/; {@code blockCrcs[i]} covers block i. */
    record File(String name, long length, int blockSize, int[] blockCrcs) implements Segment {
    }
}
