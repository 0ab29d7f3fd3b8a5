package io.stratus.storage;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.core.checksum.Checksummer;
import io.stratus.core.checksum.Checksummers;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Everything computed over a body in one pass: size, MD5 (the ETag), the requested S3 checksum
 * and the CRC32C of each block (what reads verify against).
 */
final class BodyDigester {
    private final int blockSize;
    private final Checksummer md5 = Checksummers.md5();
    private final Checksummer checksum;
    private final CRC32C blockCrc = new CRC32C();
    private int[] blockCrcs = new int[16];
    private int blockCount;
    private int inBlock;
    private long size;

    BodyDigester(ChecksumAlgorithm algorithm, int blockSize) {
        this.blockSize = blockSize;
        this.checksum = algorithm == null ? null : algorithm.newChecksummer();
    }

    void update(byte[] bytes, int offset, int length) {
        md5.update(bytes, offset, length);
        if (checksum != null) {
            checksum.update(bytes, offset, length);
        }
        size += length;
        while (length > 0) {
            int n = Math.min(length, blockSize - inBlock);
            blockCrc.update(bytes, offset, n);
            inBlock += n;
            offset += n;
            length -= n;
            if (inBlock == blockSize) {
                endBlock();
            }
        }
    }

    long size() {
        return size;
    }

    /** Call once, after the last update. */
    ComputedDigests finish() {
        if (inBlock > 0) {
            endBlock();
        }
        return new ComputedDigests(size, md5.digest(), checksum == null ? null : checksum.digestBase64());
    }

    /** The block CRCs; valid after {@link #finish()}. */
    int[] blockCrcs() {
        return Arrays.copyOf(blockCrcs, blockCount);
    }

    int blockSize() {
        return blockSize;
    }

    private void endBlock() {
        if (blockCount == blockCrcs.length) {
            blockCrcs = Arrays.copyOf(blockCrcs, blockCount * 2);
        }
        blockCrcs[blockCount++] = (int) blockCrc.getValue();
        blockCrc.reset();
        inBlock = 0;
    }
}
