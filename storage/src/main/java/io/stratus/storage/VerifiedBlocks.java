package io.stratus.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a byte range of an object as verified pieces. For file data each piece is the range's
 * part of one block: the whole block is read and its CRC32C compared with the stored value before
 * the piece is handed out, so no byte of a corrupt block ever leaves. One walk per read call; the
 * block buffer (pooled, see {@link BufferPool#BLOCKS}) is reused across the walk and released at its end.
 */
final class VerifiedBlocks {
    private static final Logger log = LoggerFactory.getLogger(VerifiedBlocks.class);

    private final ObjectInfo info;
    private final ObjectData.Inline inline;
    private final List<OpenSegment> segments;
    private final long offset;
    private final long length;
    private ByteBuffer buffer;
    private boolean inlineDone;
    private int segmentIndex;
    private long nextBlock = -1;
    private long delivered;

    VerifiedBlocks(ObjectInfo info, ObjectData.Inline inline, List<OpenSegment> segments, long offset, long length) {
        this.info = info;
        this.inline = inline;
        this.segments = segments;
        this.offset = offset;
        this.length = length;
    }

    /**
     * The next verified piece of the range, or null after the last. A piece's {@code bytes} hold
     * exactly the range's part of the block; {@code wholeBlock} says the piece is a full block,
     * which can then be sent from the file (it was just read, so it is in the page cache).
     */
    Piece next() throws IOException, StorageException {
        if (inline != null) {
            return nextInline();
        }
        while (segmentIndex < segments.size()) {
            OpenSegment open = segments.get(segmentIndex);
            FileSegment segment = open.segment();
            long blockSize = segment.blockSize();
            if (nextBlock < 0) {
                nextBlock = open.from() / blockSize;
            }
            long blockStart = nextBlock * blockSize;
            if (blockStart >= open.to()) {
                segmentIndex++;
                nextBlock = -1;
                continue;
            }
            int blockLength = segment.blockLength(nextBlock);
            ByteBuffer block = readBlock(open, nextBlock, blockStart, blockLength);
            long from = Math.max(open.from(), blockStart);
            long to = Math.min(open.to(), blockStart + blockLength);
            block.limit((int) (to - blockStart)).position((int) (from - blockStart));
            nextBlock++;
            delivered += to - from;
            boolean whole = from == blockStart && to == blockStart + blockLength;
            return new Piece(block, open.channel(), from, to - from, whole);
        }
        return null;
    }

    private Piece nextInline() throws StorageException {
        if (inlineDone || length == 0) {
            return null;
        }
        inlineDone = true;
        CRC32C crc = new CRC32C();
        crc.update(inline.bytes());
        if ((int) crc.getValue() != inline.crc32c()) {
            log.error("corrupt inline data: bucket={} key={} (CRC32C {} stored {})",
                    info.bucket(), info.key(), Integer.toHexString((int) crc.getValue()), Integer.toHexString(inline.crc32c()));
            throw corrupt("inline data");
        }
        ByteBuffer bytes = ByteBuffer.wrap(inline.bytes(), (int) offset, (int) length).slice();
        return new Piece(bytes, null, offset, length, false);
    }

    private ByteBuffer readBlock(OpenSegment open, long block, long blockStart, int blockLength) throws IOException, StorageException {
        if (buffer == null || buffer.capacity() < blockLength) {
            BufferPool.BLOCKS.release(buffer);
            buffer = BufferPool.BLOCKS.acquire(maxBlockSize());
        }
        buffer.clear().limit(blockLength);
        FileChannel channel = open.channel();
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, blockStart + buffer.position());
            if (n < 0) {
                log.error("truncated data file: bucket={} key={} file={} block={} (needs {} bytes)",
                        info.bucket(), info.key(), open.segment().fileId(), block, blockStart + blockLength);
                throw corrupt("file " + open.segment().fileId() + " block " + block + " is truncated");
            }
        }
        buffer.flip();
        CRC32C crc = new CRC32C();
        crc.update(buffer);
        buffer.rewind();
        int expected = open.segment().blockCrcs()[(int) block];
        if ((int) crc.getValue() != expected) {
            log.error("corrupt data block: bucket={} key={} file={} block={} (CRC32C {} stored {})",
                    info.bucket(), info.key(), open.segment().fileId(), block,
                    Integer.toHexString((int) crc.getValue()), Integer.toHexString(expected));
            throw corrupt("file " + open.segment().fileId() + " block " + block);
        }
        return buffer;
    }

    /**
     * Hands the buffer that holds the last piece (positioned on it) to the caller, who gives it back
     * with {@code BufferPool.BLOCKS.release} once done with it, and reads the next block into another
     * pooled buffer. Returns null, and keeps the buffer, when the piece is not in a pooled buffer or
     * no other pooled buffer is free for the blocks still to come; the caller then uses the piece
     * as usual, before asking for the next.
     */
    ByteBuffer lendLastPiece() {
        ByteBuffer lent = buffer;
        if (lent == null || !BufferPool.BLOCKS.isPooled(lent)) {
            return null;
        }
        ByteBuffer replacement = null;
        if (delivered < length) {
            replacement = BufferPool.BLOCKS.tryAcquire();
            if (replacement == null) {
                return null;
            }
        }
        buffer = replacement;
        return lent;
    }

    /**
     * Gives the block buffer back to the pool; call once the last piece was consumed (the bytes of
     * a piece are only valid until then). Idempotent.
     */
    void release() {
        BufferPool.BLOCKS.release(buffer);
        buffer = null;
    }

    private int maxBlockSize() {
        int max = 1;
        for (OpenSegment open : segments) {
            max = (int) Math.max(max, Math.min(open.segment().blockSize(), open.segment().length()));
        }
        return max;
    }

    private StorageException corrupt(String where) {
        return new StorageException(StorageError.CORRUPT_DATA,
                "Stored data of " + info.bucket() + "/" + info.key() + " failed verification (" + where + ")");
    }

    /** A verified piece: {@code bytes} (positioned on the piece) also lie in {@code channel} at {@code position}. */
    record Piece(ByteBuffer bytes, FileChannel channel, long position, long count, boolean wholeBlock) {
    }

    /** A data file of the object, open, and the part of it ({@code [from, to)}) inside the range. */
    record OpenSegment(FileSegment segment, FileChannel channel, long from, long to) {
    }
}
