package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The waiting budget of a body: grace to start, earned per byte, capped at the window, spent only while waiting. */
class TestBodyRateGuard {
    private static final long MS = 1_000_000L;
    private static final BodyRateFloor FLOOR = new BodyRateFloor(1000, Duration.ofMillis(500), Duration.ofSeconds(2));

    @Test
    void aReaderMayWaitTheGraceBeforeTheFirstByte() {
        BodyRateGuard guard = new BodyRateGuard(FLOOR);
        guard.startWaiting(0);
        assertThat(guard.remainingNanos(400 * MS)).isEqualTo(100 * MS);
        assertThat(guard.remainingNanos(500 * MS)).isZero();
    }

    @Test
    void bytesEarnWaitingTimeAtTheFloorRate() {
        BodyRateGuard guard = new BodyRateGuard(FLOOR);
        guard.startWaiting(0);
        guard.received(300, 400 * MS); // 1000 B/s: 300 bytes buy 300 ms
        assertThat(guard.remainingNanos(400 * MS)).isEqualTo(400 * MS);
        guard.stopWaiting(450 * MS);
        assertThat(guard.remainingNanos(10_000 * MS)).as("time not spent waiting is free").isEqualTo(350 * MS);
    }

    @Test
    void aTrickleBelowTheFloorRunsOutOfBudget() {
        BodyRateGuard guard = new BodyRateGuard(FLOOR);
        long now = 0;
        guard.startWaiting(now);
        // 10 bytes every 100 ms is 100 B/s, a tenth of the floor: 90 ms lost per 100 ms.
        while (guard.remainingNanos(now) > 0) {
            now += 100 * MS;
            guard.received(10, now);
        }
        assertThat(now).isBetween(500 * MS, 700 * MS);
    }

    @Test
    void aFastStartBanksNoMoreThanTheWindow() {
        BodyRateGuard guard = new BodyRateGuard(FLOOR);
        guard.received(1_000_000, 0); // 1,000 s worth at the floor rate
        guard.startWaiting(0);
        assertThat(guard.remainingNanos(0)).isEqualTo(2_000 * MS);
    }

    @Test
    void offNeverRunsOut() {
        BodyRateGuard guard = new BodyRateGuard(BodyRateFloor.OFF);
        guard.startWaiting(0);
        assertThat(guard.remainingNanos(Long.MAX_VALUE / 2)).isEqualTo(Long.MAX_VALUE);
    }
}
