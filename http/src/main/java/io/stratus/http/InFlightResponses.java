package io.stratus.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts responses handed to a connection but not yet flushed. Workers do not wait for the flush
 * of a response that is complete in memory, so a graceful stop waits here, after the workers are
 * done, before it closes the event loops (which would drop those last bytes).
 */
final class InFlightResponses {
    private int pending;

    synchronized void started() {
        pending++;
    }

    synchronized void finished() {
        pending--;
        if (pending == 0) {
            notifyAll();
        }
    }

    /** Waits until none is pending or {@code timeout} passed; returns whether none is pending. */
    synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
