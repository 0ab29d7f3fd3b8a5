package io.stratus.bench.http;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The bytes request bodies are cut from: one direct buffer of random (incompressible) data,
 * generated once and shared read-only; a body longer than it repeats it.
 */
public final class Payload {
    private final ByteBuffer bytes;

    private Payload(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    public static Payload random(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        SplittableRandom random = new SplittableRandom(seed);
        while (buffer.remaining() >= 8) {
            buffer.putLong(random.nextLong());
        }
        while (buffer.hasRemaining()) {
            buffer.put((byte) random.nextInt());
        }
        return new Payload(buffer.flip().asReadOnlyBuffer());
    }

    /** A private view (own position and limit) for one connection; the bytes are shared. */
    ByteBuffer view() {
        return bytes.duplicate();
    }

    public int size() {
        return bytes.capacity();
    }
}
