package io.stratus.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers for verifying stored blocks, shared by all reads. A heap buffer per read would
 * allocate a block per GET (a 1 MiB GET stream grows the heap to its maximum) and the JDK copies
 * file reads into heap buffers through a cached direct buffer per thread anyway (one more block of
 * native memory for every worker that ever read). Reading into pooled direct buffers avoids both
 * copies and keeps native memory bounded at {@link #MAX_POOLED} blocks; past that, or for blocks
 * of an unusual size, a read gets a plain heap buffer.
 */
final class BlockBuffers {
    static final int POOLED_CAPACITY = StorageOptions.DEFAULT_BLOCK_SIZE;
    static final int MAX_POOLED = 32;

    private static final ConcurrentLinkedQueue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger CREATED = new AtomicInteger();

    private BlockBuffers() {
    }

    /** A cleared buffer of at least {@code capacity} bytes; hand it back with {@link #release}. */
    static ByteBuffer acquire(int capacity) {
        if (capacity <= POOLED_CAPACITY) {
            ByteBuffer free = FREE.poll();
            if (free != null) {
                return free.clear();
            }
            if (CREATED.incrementAndGet() <= MAX_POOLED) {
                return ByteBuffer.allocateDirect(POOLED_CAPACITY);
            }
            CREATED.decrementAndGet();
        }
        return ByteBuffer.allocate(capacity);
    }

    /** Returns a buffer from {@link #acquire}; heap buffers are simply dropped. */
    static void release(ByteBuffer buffer) {
        if (buffer != null && buffer.isDirect() && buffer.capacity() == POOLED_CAPACITY) {
            FREE.offer(buffer);
        }
    }
}
