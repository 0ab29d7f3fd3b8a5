package io.stratus.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Appends to a temp file opened with O_DIRECT (see {@link DataFiles#createTemp(ByteBuffer, ByteBuffer)}).
 * Every write is a whole number of aligned blocks from a page-aligned staging buffer: the bytes go
 * to the disk without being copied into the page cache, which on a 64 MiB upload cost about as
 * much CPU as its MD5, and the fsync at install has nothing left to write back. The last, partial block is
 * padded with zeros and the file truncated to its real length. A direct write waits for the disk,
 * so with a second staging buffer it runs on the disk-writer executor while the upload fills the
 * other buffer: hashing and receiving overlap the disk instead of alternating with it.
 *
 * <p>Not thread-safe; one per upload. {@link #close()} waits for a write still in flight (the
 * disk may be reading its buffer) and returns the buffers to their pool.
 */
final class StagedFileWriter implements AutoCloseable {
    private final FileChannel channel;
    private final int alignment;
    private final Executor diskWriter;
    private ByteBuffer staging;
    private ByteBuffer spare;
    private CompletableFuture<Void> inFlight;
    private long staged;

    /**
     * @param alignment  the block size O_DIRECT needs; every staging buffer's capacity must be a
     *                   multiple of it
     * @param spare      a second staging buffer of the same capacity for writing behind, or null
     * @param diskWriter runs the writes behind; used only with a spare buffer
     */
    StagedFileWriter(FileChannel channel, int alignment, ByteBuffer staging, ByteBuffer spare, Executor diskWriter) {
        checkAligned(staging, alignment);
        if (spare != null) {
            checkAligned(spare, alignment);
            if (spare.capacity() != staging.capacity()) {
                throw new IllegalArgumentException("staging buffers differ in size");
            }
        }
        this.channel = channel;
        this.alignment = alignment;
        this.staging = staging.clear();
        this.spare = spare;
        this.diskWriter = diskWriter;
    }

    private static void checkAligned(ByteBuffer buffer, int alignment) {
        if (alignment <= 0 || buffer.capacity() % alignment != 0 || !buffer.isDirect()) {
            throw new IllegalArgumentException("O_DIRECT needs aligned direct staging buffers");
        }
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, staging.remaining());
            staging.put(bytes, offset, n);
            offset += n;
            length -= n;
            if (!staging.hasRemaining()) {
                flushStaging();
            }
        }
    }

    /** Writes what is staged and waits; afterwards the file holds exactly the bytes given to {@link #write}. */
    void finish() throws IOException {
        int tail = staging.position();
        int padded = (tail + alignment - 1) / alignment * alignment;
        while (staging.position() < padded) {
            staging.put((byte) 0);
        }
        awaitInFlight();
        staging.flip();
        writeFully(staging, staged);
        staging.clear();
        staged += tail;
        if (padded > tail) {
            channel.truncate(staged);
        }
    }

    /** Hands the full staging buffer to the disk (behind, when there is a spare) and stages into the other. */
    private void flushStaging() throws IOException {
        ByteBuffer full = staging.flip();
        long position = staged;
        staged += full.remaining();
        if (spare == null) {
            writeFully(full, position);
            full.clear();
            return;
        }
        awaitInFlight();
        inFlight = CompletableFuture.runAsync(() -> {
            try {
                writeFully(full, position);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, diskWriter);
        staging = spare.clear();
        spare = full;
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    private void awaitInFlight() throws IOException {
        CompletableFuture<Void> pending = inFlight;
        if (pending == null) {
            return;
        }
        inFlight = null;
        // The disk may still be reading the buffer: it must not go back to the pool before the write ends.
        DiskTasks.awaitUninterruptibly(pending, "write behind");
    }

    @Override
    public void close() {
        try {
            awaitInFlight();
        } catch (IOException e) {
            // the upload is being abandoned; its failure was or will be reported by the caller
        }
        BufferPool.STAGING.release(staging);
        BufferPool.STAGING.release(spare);
        staging = null;
        spare = null;
    }
}
