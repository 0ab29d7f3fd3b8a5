package io.stratus.http;

/**
 * Enforces a {@link BodyRateFloor} for one request body: the waiting budget it describes, spent
 * while the reader waits and earned by bytes received. Not thread-safe; {@link RequestBodyStream}
 * calls it under its lock. Times are {@link System#nanoTime()} values passed in, so tests can drive it.
 */
final class BodyRateGuard {
    private final boolean enabled;
    private final long minBytesPerSecond;
    private final long capNanos;
    private long budgetNanos;
    private boolean waiting;
    private long waitingSince;

    BodyRateGuard(BodyRateFloor floor) {
        this.enabled = floor.enabled();
        this.minBytesPerSecond = Math.max(1, floor.minBytesPerSecond());
        this.capNanos = floor.window().toNanos();
        this.budgetNanos = floor.grace().toNanos();
    }

    /** The reader found the queue empty and starts waiting. */
    void startWaiting(long now) {
        if (!waiting) {
            waiting = true;
            waitingSince = now;
        }
    }

    /** The reader stops waiting (data, end, failure): the time it waited is spent. */
    void stopWaiting(long now) {
        settle(now);
        waiting = false;
    }

    /** Bytes arrived: they earn waiting time, up to the window. */
    void received(long bytes, long now) {
        // Settle first, so time already waited is not paid from budget that was capped away.
        settle(now);
        long earned = bytes >= Long.MAX_VALUE / 1_000_000_000L ? capNanos : bytes * 1_000_000_000L / minBytesPerSecond;
        budgetNanos = Math.min(capNanos, budgetNanos + earned);
    }

    /** How much longer the reader may wait from {@code now}; zero or less means the body is too slow. */
    long remainingNanos(long now) {
        if (!enabled) {
            return Long.MAX_VALUE;
        }
        return waiting ? budgetNanos - (now - waitingSince) : budgetNanos;
    }

    long minBytesPerSecond() {
        return minBytesPerSecond;
    }

    private void settle(long now) {
        if (waiting) {
            budgetNanos -= now - waitingSince;
            waitingSince = now;
        }
    }
}
