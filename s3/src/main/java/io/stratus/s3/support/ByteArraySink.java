package io.stratus.s3.support;

import io.stratus.core.io.BodySink;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Gathers a short body of known length into one array, so that it can go out with its headers as
 * a single message: for small objects the per-write hand-offs to the event loop cost more than the
 * copy.
 */
public final class ByteArraySink implements BodySink {
    private final byte[] bytes;
    private int filled;

    public ByteArraySink(int length) {
        this.bytes = new byte[length];
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        int count = src.remaining();
        if (count > bytes.length - filled) {
            throw new IOException("body exceeds the expected " + bytes.length + " bytes");
        }
        src.get(bytes, filled, count);
        filled += count;
    }

    @Override
    public void transferFile(FileChannel file, long position, long count) throws IOException {
        if (count > bytes.length - filled) {
            throw new IOException("body exceeds the expected " + bytes.length + " bytes");
        }
        ByteBuffer target = ByteBuffer.wrap(bytes, filled, (int) count);
        long at = position;
        while (target.hasRemaining()) {
            int read = file.read(target, at);
            if (read < 0) {
                throw new EOFException("file ended before " + count + " bytes were read");
            }
            at += read;
        }
        filled += (int) count;
    }

    /** The gathered body; fails when fewer bytes than expected arrived. */
    public byte[] bytes() throws IOException {
        if (filled != bytes.length) {
            throw new IOException("body has " + filled + " of the expected " + bytes.length + " bytes");
        }
        return bytes;
    }
}
