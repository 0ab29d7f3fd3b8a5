package io.stratus.core.checksum;

import java.nio.ByteBuffer;
import java.util.Base64;

/** An incremental digest over a byte stream. Not thread-safe; one per stream. */
public interface Checksummer {
    void update(byte[] bytes, int offset, int length);

    /** Consumes the buffer's remaining bytes (its position moves to its limit). */
    void update(ByteBuffer bytes);

    /** The big-endian digest bytes. Call once, after the last update. */
    byte[] digest();

    default void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    /** Base64 of {@link #digest()}: the form S3 headers carry. */
    default String digestBase64() {
        return Base64.getEncoder().encodeToString(digest());
    }
}
