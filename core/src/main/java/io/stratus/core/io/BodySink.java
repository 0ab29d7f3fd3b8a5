package io.stratus.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where a response body goes. The storage engine writes object bytes into it without knowing the
 * transport; the HTTP layer implements it over a socket with back-pressure (calls block while the
 * connection cannot take more).
 */
public interface BodySink {
    /** Sends the buffer's remaining bytes. The sink copies or consumes them before returning. */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * Sends the buffer's remaining bytes without copying them where the transport allows. The sink
     * owns the buffer from this call on and runs {@code release} exactly once, from any thread, when
     * it no longer needs the bytes (they were written, or the response failed); the caller must not
     * touch the buffer again. The default copies, like {@link #write}, and releases at once.
     */
    default void writeOwned(ByteBuffer bytes, Runnable release) throws IOException {
        try {
            write(bytes);
        } finally {
            release.run();
        }
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position}, zero-copy where the transport
     * allows. The sink never closes the channel; the caller keeps it open until the response has
     * finished (the HTTP layer's finish call returns only once every byte was written).
     */
    void transferFile(FileChannel file, long position, long count) throws IOException;
}
