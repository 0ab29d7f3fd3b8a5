package io.stratus.storage;

import io.stratus.core.io.BodySink;
import io.stratus.kv.CacheOnlyReads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An open range of one object. The data files overlapping the range are opened up front, so an
 * overwrite or delete that unlinks them afterwards does not disturb this read (the open channel
 * keeps the inode alive until {@link #close()}).
 */
final class LocalObjectBody implements ObjectBody {
    /**
     * Pieces from this size on are sent from the verified block buffer itself, which the sink
     * returns to the pool once written. On the virtual machines measured, sendfile of a page-cache
     * block cost about twice the CPU per byte of a write from memory (splicing page by page), and
     * the block has just been read for its CRC anyway. Smaller pieces are copied; whole blocks fall
     * back to sendfile when no pooled buffer is free.
     */
    static final int LEND_MIN_BYTES = 64 * 1024;

    private final ObjectInfo info;
    private final ObjectData.Inline inline;
    private final List<VerifiedBlocks.OpenSegment> segments;
    private final List<VerifiedStream> streams = new ArrayList<>();
    private final long offset;
    private final long length;

    private LocalObjectBody(ObjectInfo info, ObjectData.Inline inline, List<VerifiedBlocks.OpenSegment> segments, long offset, long length) {
        this.info = info;
        this.inline = inline;
        this.segments = segments;
        this.offset = offset;
        this.length = length;
    }

    /**
     * Opens the files of {@code record} that overlap [offset, offset + length).
     * @throws java.nio.file.NoSuchFileException when a file is gone (the record was replaced meanwhile)
     */
    static LocalObjectBody open(ObjectInfo info, ObjectRecord record, DataFiles files, long offset, long length) throws IOException {
        if (record.data() instanceof ObjectData.Inline inline) {
            return new LocalObjectBody(info, inline, List.of(), offset, length);
        }
        CacheOnlyReads.checkMayBlock(); // file data is read (and verified) from disk
        List<VerifiedBlocks.OpenSegment> open = new ArrayList<>();
        long end = offset + length;
        long segmentStart = 0;
        try {
            for (FileSegment segment : ((ObjectData.Files) record.data()).segments()) {
                long segmentEnd = segmentStart + segment.length();
                if (segmentEnd > offset && segmentStart < end) {
                    Path path = files.dataPath(segment.fileId());
                    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                    open.add(new VerifiedBlocks.OpenSegment(segment, channel,
                            Math.max(offset, segmentStart) - segmentStart, Math.min(end, segmentEnd) - segmentStart));
                }
                segmentStart = segmentEnd;
            }
        } catch (IOException | RuntimeException e) {
            closeAll(open);
            throw e;
        }
        return new LocalObjectBody(info, null, List.copyOf(open), offset, length);
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

    @Override
    public void writeTo(BodySink sink) throws IOException, StorageException {
        VerifiedBlocks blocks = walk();
        try {
            for (VerifiedBlocks.Piece piece = blocks.next(); piece != null; piece = blocks.next()) {
                ByteBuffer lent = piece.count() >= LEND_MIN_BYTES ? blocks.lendLastPiece() : null;
                if (lent != null) {
                    sink.writeOwned(lent, () -> BufferPool.BLOCKS.release(lent));
                } else if (piece.wholeBlock()) {
                    sink.transferFile(piece.channel(), piece.position(), piece.count());
                } else {
                    sink.write(piece.bytes()); // the sink copies before returning
                }
            }
        } finally {
            blocks.release();
        }
    }

    @Override
    public InputStream openStream() {
        VerifiedStream stream = new VerifiedStream(walk());
        synchronized (streams) {
            streams.add(stream); // its pooled buffer goes back when it or this body closes
        }
        return stream;
    }

    @Override
    public void close() {
        synchronized (streams) {
            streams.forEach(VerifiedStream::close);
            streams.clear();
        }
        closeAll(segments);
    }

    private VerifiedBlocks walk() {
        return new VerifiedBlocks(info, inline, segments, offset, length);
    }

    private static void closeAll(List<VerifiedBlocks.OpenSegment> segments) {
        for (VerifiedBlocks.OpenSegment segment : segments) {
            try {
                segment.channel().close();
            } catch (IOException e) {
                // read-only channel: nothing to flush, nothing to recover
            }
        }
    }

    /** The range as a stream; corrupt data surfaces as an IOException caused by CORRUPT_DATA. */
    private static final class VerifiedStream extends InputStream {
        private final VerifiedBlocks blocks;
        private ByteBuffer current;
        private boolean ended;
        private boolean closed;

        VerifiedStream(VerifiedBlocks blocks) {
            this.blocks = blocks;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        @Override
        public synchronized int available() {
            return current == null ? 0 : current.remaining();
        }

        /** Gives the pooled buffer back; the bytes it held must not be read after this. */
        @Override
        public synchronized void close() {
            closed = true;
            current = null;
            blocks.release();
        }

        private boolean fill() throws IOException {
            while (current == null || !current.hasRemaining()) {
                if (ended) {
                    return false;
                }
                try {
                    VerifiedBlocks.Piece piece = blocks.next();
                    if (piece == null) {
                        ended = true;
                        return false;
                    }
                    current = piece.bytes();
                } catch (StorageException e) {
                    ended = true;
                    throw new IOException(e.getMessage(), e);
                }
            }
            return true;
        }
    }
}
