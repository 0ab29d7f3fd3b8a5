package io.stratus.storage.disk;

import io.stratus.core.io.BodySink;
import io.stratus.storage.ObjectBody;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verified read of a byte range. The data files' channels are opened when the body is opened,
 * so a concurrent overwrite or delete (which unlinks the files) cannot disturb it. Each block is
 * read and checked against its stored CRC32C before any of its bytes leave; file blocks wholly
 * inside the range then go out zero-copy (the block is in page cache after the check).
 */
final class DiskObjectBody implements ObjectBody {
    private static final Logger log = LoggerFactory.getLogger(DiskObjectBody.class);
    private static final ThreadLocal<ByteBuffer> BLOCK_BUFFERS = new ThreadLocal<>();

    private final ObjectInfo info;
    private final List<Segment> segments;
    private final FileChannel[] channels;
    private final long offset;
    private final long length;

    DiskObjectBody(ObjectInfo info, List<Segment> segments, FileChannel[] channels, long offset, long length) {
        this.info = info;
        this.segments = segments;
        this.channels = channels;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public ObjectInfo info() {
        return info;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long length() {
        return length;
    }

    /** Receives verified pieces of the range in order. */
    private interface PieceConsumer {
        void inline(ByteBuffer bytes) throws IOException;

        void file(FileChannel channel, long position, long count, ByteBuffer verifiedBytes) throws IOException;
    }

    @Override
    public void writeTo(BodySink sink) throws IOException, StorageException {
        walk(new PieceConsumer() {
            @Override
            public void inline(ByteBuffer bytes) throws IOException {
                sink.write(bytes);
            }

            @Override
            public void file(FileChannel channel, long position, long count, ByteBuffer verifiedBytes) throws IOException {
                sink.transferFile(channel, position, count);
            }
        });
    }

    private void walk(PieceConsumer consumer) throws IOException, StorageException {
        long segStart = 0;
        long end = offset + length;
        for (int s = 0; s < segments.size() && segStart < end; s++) {
            Segment seg = segments.get(s);
            long segEnd = segStart + seg.length();
            if (segEnd > offset && seg.length() > 0) {
                long from = Math.max(offset, segStart) - segStart;
                long to = Math.min(end, segEnd) - segStart;
                if (seg instanceof Segment.Inline inline) {
                    verifyInline(inline);
                    consumer.inline(ByteBuffer.wrap(inline.bytes(), (int) from, (int) (to - from)).asReadOnlyBuffer());
                } else {
                    walkFile((Segment.File) seg, channels[s], from, to, consumer);
                }
            }
            segStart = segEnd;
        }
    }

    private void walkFile(Segment.File seg, FileChannel ch, long from, long to, PieceConsumer consumer)
            throws IOException, StorageException {
        int bs = seg.blockSize();
        ByteBuffer buf = blockBuffer(bs);
        for (long block = from / bs; block * bs < to; block++) {
            long blockStart = block * bs;
            int blockLen = (int) Math.min(bs, seg.length() - blockStart);
            buf.clear().limit(blockLen);
            long pos = blockStart;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw corrupt(seg, block, "file is shorter than recorded");
                }
                pos += n;
            }
            buf.flip();
            CRC32C crc = new CRC32C();
            crc.update(buf.duplicate());
            if ((int) crc.getValue() != seg.blockCrcs()[(int) block]) {
                throw corrupt(seg, block, "checksum mismatch");
            }
            long sendFrom = Math.max(from, blockStart);
            long sendTo = Math.min(to, blockStart + blockLen);
            ByteBuffer slice = buf.duplicate();
            slice.position((int) (sendFrom - blockStart)).limit((int) (sendTo - blockStart));
            if (sendFrom == blockStart && sendTo == blockStart + blockLen) {
                consumer.file(ch, sendFrom, sendTo - sendFrom, slice);
            } else {
                consumer.inline(slice);
            }
        }
    }

    private void verifyInline(Segment.Inline inline) throws StorageException {
        CRC32C crc = new CRC32C();
        crc.update(inline.bytes());
        if ((int) crc.getValue() != inline.crc32c()) {
            log.error("Corrupt inline data: bucket={} key={}", info.bucket(), info.key());
            throw new StorageException(StorageError.CORRUPT_DATA,
                    "Stored data of s3://" + info.bucket() + "/" + info.key() + " failed its checksum");
        }
    }

    private StorageException corrupt(Segment.File seg, long block, String why) {
        log.error("Corrupt data: bucket={} key={} file={} block={}: {}", info.bucket(), info.key(), seg.name(), block, why);
        return new StorageException(StorageError.CORRUPT_DATA,
                "Stored data of s3://" + info.bucket() + "/" + info.key() + " failed its checksum (" + why + ")");
    }

    private static ByteBuffer blockBuffer(int size) {
        ByteBuffer b = BLOCK_BUFFERS.get();
        if (b == null || b.capacity() < size) {
            b = ByteBuffer.allocateDirect(size);
            BLOCK_BUFFERS.set(b);
        }
        return b;
    }

    @Override
    public InputStream openStream() {
        return new VerifiedStream();
    }

    @Override
    public void close() {
        for (FileChannel ch : channels) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // read-only channel
                }
            }
        }
    }

    /**
     * The range as a stream, produced block by block through the same verification. A small
     * pipe would need a thread; instead each refill verifies the next block into a heap buffer.
     */
    private final class VerifiedStream extends InputStream {
        private final java.util.ArrayDeque<ByteBuffer> ready = new java.util.ArrayDeque<>();
        private final PieceIterator pieces = new PieceIterator();

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (ready.isEmpty()) {
                if (!pieces.fill(ready)) {
                    return -1;
                }
            }
            ByteBuffer head = ready.peek();
            int n = Math.min(len, head.remaining());
            head.get(b, off, n);
            if (!head.hasRemaining()) {
                ready.poll();
            }
            return n;
        }
    }

    /** Walks the range lazily one block at a time, copying each verified piece. */
    private final class PieceIterator {
        private long cursor = offset;

        boolean fill(java.util.ArrayDeque<ByteBuffer> out) throws IOException {
            long end = offset + length;
            if (cursor >= end) {
                return false;
            }
            long step = Math.min(end - cursor, 1024 * 1024);
            DiskObjectBody sub = new DiskObjectBody(info, segments, channels, cursor, step);
            try {
                sub.walk(new PieceConsumer() {
                    @Override
                    public void inline(ByteBuffer bytes) {
                        out.add(copy(bytes));
                    }

                    @Override
                    public void file(FileChannel channel, long position, long count, ByteBuffer verifiedBytes) {
                        out.add(copy(verifiedBytes));
                    }
                });
            } catch (StorageException e) {
                throw new IOException(e.getMessage(), e);
            }
            cursor += step;
            return true;
        }

        private ByteBuffer copy(ByteBuffer b) {
            ByteBuffer c = ByteBuffer.allocate(b.remaining());
            c.put(b.duplicate()).flip();
            return c;
        }
    }
}
