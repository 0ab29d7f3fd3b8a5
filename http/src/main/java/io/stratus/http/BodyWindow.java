package io.stratus.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many bytes of a request body may wait in its queue before the event loop stops reading that
 * socket: a shared budget split among the bodies being received right now. A few large uploads
 * get {@link #MAX} each (with 256 KiB, a 64 MiB upload's worker spent about a third of its time
 * waiting for the event loop to refill the queue); many get {@link #MIN} each, so 64 concurrent
 * uploads hold about the same 16 MiB of buffers as before and the server's RSS stays flat.
 */
final class BodyWindow {
    static final int MIN = 256 * 1024;
    static final int MAX = 1024 * 1024;
    static final long BUDGET = 16L * 1024 * 1024;

    private final AtomicInteger receiving = new AtomicInteger();

    /** A body's first bytes arrived. Pair with one {@link #closed()}. */
    void opened() {
        receiving.incrementAndGet();
    }

    /** That body ended, failed or was dropped. */
    void closed() {
        receiving.decrementAndGet();
    }

    /** Queue bytes at which reading pauses, for each of the bodies now being received. */
    int highWater() {
        int bodies = Math.max(1, receiving.get());
        return (int) Math.max(MIN, Math.min(MAX, BUDGET / bodies));
    }

    /** Queue bytes at which a paused body resumes reading. */
    int lowWater() {
        return highWater() / 4;
    }
}
