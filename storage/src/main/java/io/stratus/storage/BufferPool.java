package io.stratus.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Page-aligned direct buffers of one size, shared by all requests, with a cap on how many exist.
 * A heap buffer per request would allocate a block per GET (a 1 MiB GET stream grows the heap to
 * its maximum), and the JDK copies file I/O on heap buffers through a cached direct buffer per
 * thread anyway (one more buffer of native memory for every worker that ever read or wrote).
 * Pooled direct buffers avoid both copies and keep native memory bounded; past the cap, or for an
 * unusual size, a caller gets a plain heap buffer. Page alignment is what O_DIRECT writes need.
 */
final class BufferPool {
    static final int PAGE = 4096;

    /** Block verification on reads ({@link VerifiedBlocks}). */
    static final BufferPool BLOCKS = new BufferPool(StorageOptions.DEFAULT_BLOCK_SIZE, 32);
    /**
     * Staging of large uploads written with O_DIRECT ({@link StagedFileWriter}), two per upload:
     * eight such uploads at a time, the rest go through the page cache.
     */
    static final BufferPool STAGING = new BufferPool(1024 * 1024, 16);

    private final int capacity;
    private final int maxPooled;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger created = new AtomicInteger();

    BufferPool(int capacity, int maxPooled) {
        if (capacity % PAGE != 0) {
            throw new IllegalArgumentException("capacity must be a multiple of " + PAGE + ": " + capacity);
        }
        this.capacity = capacity;
        this.maxPooled = maxPooled;
    }

    int capacity() {
        return capacity;
    }

    /** Pooled buffers not handed out right now; equal to {@link #created()} when all came back. */
    int idle() {
        return free.size();
    }

    /** Pooled buffers allocated so far (never more than the cap). */
    int created() {
        return created.get();
    }

    /** A cleared buffer of at least {@code size} bytes; hand it back with {@link #release}. */
    ByteBuffer acquire(int size) {
        ByteBuffer pooled = size <= capacity ? tryAcquire() : null;
        return pooled != null ? pooled : ByteBuffer.allocate(size);
    }

    /** A cleared pooled (direct, page-aligned) buffer of {@link #capacity()} bytes, or null when all are out. */
    ByteBuffer tryAcquire() {
        ByteBuffer pooled = free.poll();
        if (pooled != null) {
            return pooled.clear();
        }
        if (created.incrementAndGet() <= maxPooled) {
            return ByteBuffer.allocateDirect(capacity + PAGE).alignedSlice(PAGE).slice(0, capacity);
        }
        created.decrementAndGet();
        return null;
    }

    /** Whether {@code buffer} is one of this pool's (as opposed to a heap buffer handed out past the cap). */
    boolean isPooled(ByteBuffer buffer) {
        return buffer.isDirect() && buffer.capacity() == capacity;
    }

    /** Returns a buffer from {@link #acquire}; heap buffers are simply dropped. Null is ignored. */
    void release(ByteBuffer buffer) {
        if (buffer != null && isPooled(buffer)) {
            free.offer(buffer);
        }
    }
}
