package io.stratus.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import java.nio.ByteBuffer;

/**
 * A caller's direct buffer lent to Netty for one write: the socket is written straight from it (no
 * copy into a Netty buffer), and when Netty lets go of it (written, or dropped because the
 * connection failed) the owner's release action runs instead of freeing the memory.
 */
final class LoanedBuffer extends UnpooledUnsafeDirectByteBuf {
    private final Runnable release;

    /** Wraps {@code bytes}' remaining bytes; {@code bytes} must be direct. */
    LoanedBuffer(ByteBufAllocator alloc, ByteBuffer bytes, Runnable release) {
        super(alloc, bytes, bytes.remaining());
        this.release = release;
    }

    @Override
    protected void deallocate() {
        // The memory belongs to the lender; giving it back is all there is to do.
        release.run();
    }
}
