package io.stratus.server.s3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock shifted by an offset the test sets, injected into the server so that a test can
 * move time past a token's expiry instead of sleeping. Shifts stay within the 15 minutes of request
 * time skew SigV4 allows, since the SDK signs with the real time.
 */
final class SettableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void shift(Duration newOffset) {
        offset = newOffset;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the server works in UTC");
    }
}
