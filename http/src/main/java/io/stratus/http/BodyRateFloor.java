package io.stratus.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The slowest a request body may arrive while its handler waits for it. The header and idle
 * timeouts bound a client that sends nothing; this bounds one that sends just enough to beat the
 * body read timeout (a byte every 29 s would otherwise hold a worker thread for hours).
 *
 * <p>Measured as a budget of waiting time: the body starts with {@code grace} of it (connection
 * set-up, "100 Continue", TCP slow start), every byte received earns {@code 1 / minBytesPerSecond}
 * seconds more, and the handler waiting on an empty queue spends it. The budget never exceeds
 * {@code window}, so the rate is averaged over at most that long: a client that sent fast may then
 * pause for up to {@code window}, but cannot bank a fast start to trickle for minutes. Only time the
 * handler spends waiting counts: while the server itself is slow (disk, back-pressure) nothing is
 * spent, so a slow store never cuts a fast client.
 *
 * <p>Defaults (1 KiB/s, 5 s grace, 20 s window): 1 KiB/s is 8 kbit/s, below any link a real upload
 * runs over, yet a slowloris body has to send 20 KiB per 20 s per connection to stay; 20 s matches
 * the idle time after which AWS S3 answers RequestTimeout; 5 s of grace covers a slow first round trip.
 *
 * @param minBytesPerSecond the floor; 0 switches the check off (the body read timeout still applies)
 * @param grace waiting budget a body starts with
 * @param window the most waiting budget a body can bank
 */
public record BodyRateFloor(long minBytesPerSecond, Duration grace, Duration window) {
    public static final BodyRateFloor DEFAULT = new BodyRateFloor(1024, Duration.ofSeconds(5), Duration.ofSeconds(20));
    public static final BodyRateFloor OFF = new BodyRateFloor(0, Duration.ofSeconds(5), Duration.ofSeconds(20));

    public BodyRateFloor {
        requireNonNull(grace, "grace is null");
        requireNonNull(window, "window is null");
        if (minBytesPerSecond < 0) {
            throw new IllegalArgumentException("minBytesPerSecond is negative: " + minBytesPerSecond);
        }
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("grace must be positive: " + grace);
        }
        if (window.compareTo(grace) < 0) {
            throw new IllegalArgumentException("window " + window + " is shorter than the grace " + grace);
        }
        if (minBytesPerSecond > 0 && window.toNanos() / minBytesPerSecond == 0) {
            // Under a nanosecond per byte the budget arithmetic would round every byte to nothing.
            throw new IllegalArgumentException("minBytesPerSecond too high for a " + window + " window: " + minBytesPerSecond);
        }
    }

    public boolean enabled() {
        return minBytesPerSecond > 0;
    }
}
