package io.stratus.http;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where a worker writing a response waits for the connection: until it is writable again (back-
 * pressure from the write-buffer water marks) or until a write completed. The event loop signals
 * on every writability change, write completion and close. A client that takes no byte for the
 * stall timeout is dropped, so a reader that stopped cannot pin a worker forever.
 */
final class OutboundGate {
    private final Channel channel;
    private final long stallNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile long lastProgressNanos = System.nanoTime();

    OutboundGate(Channel channel, Duration stallTimeout) {
        this.channel = channel;
        this.stallNanos = stallTimeout.toNanos();
    }

    /** Records progress (a write issued, bytes sent) without waking anyone. */
    void touch() {
        lastProgressNanos = System.nanoTime();
    }

    /** Records progress and wakes waiting workers to re-check their condition. */
    void signal() {
        touch();
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void awaitWritable() throws IOException {
        awaitUntil(channel::isWritable);
    }

    void awaitDone(Future<?> future) throws IOException {
        awaitUntil(future::isDone);
    }

    private void awaitUntil(BooleanSupplier condition) throws IOException {
        if (condition.getAsBoolean()) {
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            // Only the event loop can make the condition true: waiting here would hang the connection.
            throw new IllegalStateException("a response written on the event loop would have to wait");
        }
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (!channel.isActive()) {
                    throw new IOException("connection closed");
                }
                long waitNanos = lastProgressNanos + stallNanos - System.nanoTime();
                if (waitNanos <= 0) {
                    channel.close();
                    throw new IOException("client took no response bytes for "
                            + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms");
                }
                changed.awaitNanos(waitNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the response");
        } finally {
            lock.unlock();
        }
    }
}
