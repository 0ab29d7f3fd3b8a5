package io.stratus.http;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The request body as a blocking stream over a small queue of ByteBufs. The event loop offers
 * buffers as they are decoded and stops reading the socket once the {@link BodyWindow}'s high
 * water mark of bytes wait; the worker's reads release them and ask for more once the queue falls
 * to its low water mark. So the socket is read only as fast as the handler consumes, and memory
 * stays bounded per request and in all.
 *
 * <p>A reader waits at most the body read timeout for the next byte, and no longer than the
 * {@link BodyRateFloor} allows ({@link BodyRateGuard}); either failure is a {@link RequestBodyTimeoutException}.
 */
final class RequestBodyStream extends InputStream {
    /** What the stream needs from its connection. Both are called on the worker thread. */
    interface Listener {
        /** The handler started reading (time to send "100 Continue" if the client waits for it). */
        void onFirstRead();

        /** The queue drained after the event loop had paused reading: resume reading the socket. */
        void onResume();
    }

    private final Listener listener;
    private final BodyWindow window;
    private final long timeoutNanos;
    private final BodyRateGuard rate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long receivedBytes;
    private boolean ended;
    private boolean discarding;
    private boolean paused;
    private boolean readStarted;
    private boolean windowHeld;
    private IOException failure;

    RequestBodyStream(Listener listener, BodyWindow window, Duration readTimeout, BodyRateFloor rateFloor) {
        this.listener = listener;
        this.window = window;
        this.timeoutNanos = readTimeout.toNanos();
        this.rate = new BodyRateGuard(rateFloor);
    }

    /** The body is over for the budget's purposes (ended, failed or dropped); call with the lock held. */
    private void releaseWindow() {
        if (windowHeld) {
            windowHeld = false;
            window.closed();
        }
    }

    // ---- event loop side ----

    /**
     * Takes ownership of {@code content}. Returns whether the event loop should keep reading the
     * socket; when false, {@link Listener#onResume()} fires once the handler caught up.
     */
    boolean offer(ByteBuf content) {
        lock.lock();
        try {
            receivedBytes += content.readableBytes();
            rate.received(content.readableBytes(), System.nanoTime());
            if (discarding || failure != null) {
                content.release();
                return true;
            }
            // Offers after end(), fail() or abort() never get here (none come, or they are dropped
            // above), so a released window is never taken again.
            if (!windowHeld) {
                windowHeld = true;
                window.opened();
            }
            queue.add(content);
            queuedBytes += content.readableBytes();
            arrived.signalAll();
            if (queuedBytes >= window.highWater()) {
                paused = true;
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The whole body arrived (LastHttpContent). */
    void end() {
        lock.lock();
        try {
            ended = true;
            releaseWindow();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The body cannot complete (connection closed, malformed framing); readers get {@code cause}. */
    void fail(IOException cause) {
        lock.lock();
        try {
            if (!ended && failure == null) {
                failure = cause;
            }
            releaseWindow();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The exchange is over: drop what is queued and whatever still arrives. */
    void discard() {
        // Called after every response, mostly for bodies read to the end: the exception (and its
        // stack trace, about 1% of a small GET's CPU) is made only when bytes were dropped.
        drop(() -> new IOException("the response was already sent; the rest of the request body was dropped"));
    }

    /**
     * Drops what is queued and whatever still arrives. If that loses body bytes, later reads throw
     * {@code cause} rather than report a clean end: a truncated body must never look complete.
     */
    void abort(IOException cause) {
        drop(() -> cause);
    }

    private void drop(Supplier<IOException> cause) {
        lock.lock();
        try {
            boolean lost = !queue.isEmpty() || !ended;
            discarding = true;
            paused = false;
            releaseQueued();
            if (lost && failure == null) {
                failure = cause.get();
            }
            releaseWindow();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- state queries (any thread) ----

    boolean isComplete() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    long receivedBytes() {
        lock.lock();
        try {
            return receivedBytes;
        } finally {
            lock.unlock();
        }
    }

    IOException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    // ---- worker side ----

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        noteFirstRead();
        boolean resume;
        int copied;
        lock.lock();
        try {
            awaitData();
            if (queue.isEmpty()) {
                return -1;
            }
            ByteBuf head = queue.peek();
            copied = Math.min(length, head.readableBytes());
            head.readBytes(target, offset, copied);
            if (!head.isReadable()) {
                queue.poll().release();
            }
            queuedBytes -= copied;
            resume = paused && queuedBytes <= window.lowWater();
            if (resume) {
                paused = false;
            }
        } finally {
            lock.unlock();
        }
        if (resume) {
            listener.onResume();
        }
        return copied;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, queuedBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Closing is a no-op: the server decides after the response whether to drain or drop the rest. */
    @Override
    public void close() {}

    private void noteFirstRead() {
        boolean first;
        lock.lock();
        try {
            first = !readStarted;
            readStarted = true;
        } finally {
            lock.unlock();
        }
        if (first) {
            listener.onFirstRead();
        }
    }

    // Waits under the lock until data, the end, or a failure; an empty queue on return means EOF.
    private void awaitData() throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (queue.isEmpty()) {
                if (failure != null) {
                    throw copyOf(failure);
                }
                if (ended || discarding) {
                    return;
                }
                long now = System.nanoTime();
                rate.startWaiting(now);
                long waitNanos = deadline - now;
                if (waitNanos <= 0) {
                    failure = new RequestBodyTimeoutException("no request body byte arrived for "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                    throw copyOf(failure);
                }
                long allowed = rate.remainingNanos(now);
                if (allowed <= 0) {
                    failure = new RequestBodyTimeoutException("the request body arrived slower than "
                            + rate.minBytesPerSecond() + " bytes/s");
                    throw copyOf(failure);
                }
                arrived.awaitNanos(Math.min(waitNanos, allowed));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the request body");
        } finally {
            rate.stopWaiting(System.nanoTime());
        }
    }

    // A fresh exception per throw keeps each caller's stack trace; the cause keeps the original.
    private static IOException copyOf(IOException failure) {
        if (failure instanceof RequestBodyTimeoutException) {
            RequestBodyTimeoutException copy = new RequestBodyTimeoutException(failure.getMessage());
            copy.initCause(failure);
            return copy;
        }
        return new IOException(failure.getMessage(), failure);
    }

    private void releaseQueued() {
        ByteBuf buf;
        while ((buf = queue.poll()) != null) {
            buf.release();
        }
        queuedBytes = 0;
    }
}
