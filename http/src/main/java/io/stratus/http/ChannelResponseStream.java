package io.stratus.http;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A response body of a declared length, written from one worker thread. Buffers are copied into
 * pooled ByteBufs of at most {@link #CHUNK} bytes; owned direct buffers are written from as they
 * are, and file ranges go out as zero-copy regions. Every
 * write waits while the connection is not writable, so a slow client slows the writer down instead
 * of filling memory.
 */
final class ChannelResponseStream implements HttpExchange.ResponseStream {
    static final int CHUNK = 64 * 1024;

    private final ChannelExchange exchange;
    private final long expectedBytes;
    private final boolean close;
    private long writtenBytes;
    private boolean finished;
    private boolean fileSent;

    ChannelResponseStream(ChannelExchange exchange, long expectedBytes, boolean close) {
        this.exchange = requireNonNull(exchange, "exchange is null");
        this.expectedBytes = expectedBytes;
        this.close = close;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        requireNonNull(bytes, "bytes is null");
        reserve(bytes.remaining());
        while (bytes.hasRemaining()) {
            int length = Math.min(CHUNK, bytes.remaining());
            ByteBuf buf = exchange.alloc().buffer(length);
            ByteBuffer slice = bytes.duplicate();
            slice.limit(slice.position() + length);
            try {
                buf.writeBytes(slice);
            } catch (RuntimeException e) {
                buf.release();
                throw e;
            }
            bytes.position(bytes.position() + length);
            exchange.writeBodyPart(new DefaultHttpContent(buf), length);
        }
    }

    @Override
    public void writeOwned(ByteBuffer bytes, Runnable release) throws IOException {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(release, "release is null");
        if (!bytes.isDirect()) {
            HttpExchange.ResponseStream.super.writeOwned(bytes, release); // copies
            return;
        }
        int length = bytes.remaining();
        try {
            reserve(length);
        } catch (IOException | RuntimeException e) {
            release.run();
            throw e;
        }
        if (length == 0) {
            release.run();
            return;
        }
        // One write for the whole buffer: each part costs a hand-over to the event loop and a wake-up
        // of this worker, which cost more than the bytes on a virtualised machine.
        exchange.writeBodyPart(new DefaultHttpContent(new LoanedBuffer(exchange.alloc(), bytes, release)), length);
    }

    @Override
    public void transferFile(FileChannel file, long position, long count) throws IOException {
        requireNonNull(file, "file is null");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("negative position or count");
        }
        reserve(count);
        if (count > 0) {
            fileSent = true;
            exchange.writeBodyPart(new FileChannelRegion(file, position, count), count);
        }
    }

    @Override
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (writtenBytes != expectedBytes) {
            exchange.abort();
            throw new IOException("response declared " + expectedBytes + " body bytes but " + writtenBytes
                    + " were written; connection closed");
        }
        // Heap bytes were copied into our own buffers, so only file regions (whose channel the
        // caller closes after finish) make it necessary to wait for the last byte to go out.
        exchange.finishBody(close, fileSent);
    }

    @Override
    public void abort() {
        finished = true;
        exchange.abort();
    }

    // Counts bytes against the declared length before writing them: sending more than the
    // Content-Length would make the client read our surplus as the next response.
    private void reserve(long bytes) throws IOException {
        if (finished) {
            throw new IllegalStateException("response already finished");
        }
        if (bytes > expectedBytes - writtenBytes) {
            abort();
            throw new IOException("response body exceeds the declared " + expectedBytes + " bytes; connection closed");
        }
        writtenBytes += bytes;
    }
}
