package io.stratus.storage;

import static java.util.Objects.requireNonNull;

/**
 * One data file holding {@code length} bytes of an object (the whole body of a single PUT, or one
 * part of a multipart object), with the CRC32C of each {@code blockSize} block (the last block
 * may be short). The block size is stored per segment so changing the option never breaks
 * verification of old data.
 */
record FileSegment(FileId fileId, long length, int blockSize, int[] blockCrcs) {
    FileSegment {
        requireNonNull(fileId, "fileId is null");
        requireNonNull(blockCrcs, "blockCrcs is null");
        if (length < 0 || blockSize < 1) {
            throw new IllegalArgumentException("bad segment: length " + length + ", block size " + blockSize);
        }
        long expectedBlocks = (length + blockSize - 1) / blockSize;
        if (blockCrcs.length != expectedBlocks) {
            throw new IllegalArgumentException("segment of " + length + " bytes needs " + expectedBlocks + " block CRCs, has " + blockCrcs.length);
        }
    }

    /** Bytes in block {@code index}: blockSize, except for a short last block. */
    int blockLength(long index) {
        return (int) Math.min(blockSize, length - index * blockSize);
    }
}
