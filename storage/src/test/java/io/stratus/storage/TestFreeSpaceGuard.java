package io.stratus.storage;

import static io.stratus.storage.TestObjectStore.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestFreeSpaceGuard {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long RESERVE = 64 * MIB;

    private final AtomicInteger reads = new AtomicInteger();
    private final MovableClock clock = new MovableClock();

    private FreeSpaceGuard guard(long usable) {
        return new FreeSpaceGuard(() -> {
            reads.incrementAndGet();
            return usable;
        }, RESERVE, clock);
    }

    @Test
    void smallBodiesShareOneReadingUntilItIsOneHundredMillisecondsOld() throws Exception {
        FreeSpaceGuard guard = guard(10L * 1024 * MIB);
        for (int i = 0; i < 100; i++) {
            guard.require(4 * KIB, true);
        }
        assertThat(reads).hasValue(1);
        clock.advance(Duration.ofMillis(FreeSpaceGuard.REUSE_MILLIS - 1));
        guard.require(4 * KIB, true);
        assertThat(reads).hasValue(1);
        clock.advance(Duration.ofMillis(1));
        guard.require(4 * KIB, true);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aReadingAdmitsAtMostAQuarterOfTheReserve() throws Exception {
        FreeSpaceGuard guard = guard(10L * 1024 * MIB);
        long admitted = 0;
        while (admitted + 128 * KIB <= RESERVE / 4) {
            guard.require(128 * KIB, true);
            admitted += 128 * KIB;
        }
        assertThat(reads).hasValue(1);
        guard.require(128 * KIB, true);
        assertThat(reads).hasValue(2);
    }

    @Test
    void largeBodiesAndChecksDuringWritesAlwaysReadAfresh() throws Exception {
        FreeSpaceGuard guard = guard(10L * 1024 * MIB);
        guard.require(20 * MIB, false);
        guard.require(0, false);
        guard.require(0, false);
        assertThat(reads).hasValue(3);
        // Small bodies do not ride on a large body's reading; they take their own and share that.
        guard.require(4 * KIB, true);
        guard.require(4 * KIB, true);
        assertThat(reads).hasValue(4);
    }

    @Test
    void bytesAdmittedOnAReadingCountAgainstTheReserve() throws Exception {
        FreeSpaceGuard guard = guard(RESERVE + 300 * KIB);
        guard.require(128 * KIB, true);
        guard.require(128 * KIB, true);
        assertThat(reads).hasValue(1);
        // 384 KiB since the reading would leave less than the reserve: read again (the fake disk
        // did not shrink, so the write goes ahead).
        guard.require(128 * KIB, true);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aWriteIntoTheReserveIsRefusedAndTheRefusalIsNotReused() {
        FreeSpaceGuard guard = guard(RESERVE + 10);
        assertThatThrownBy(() -> guard.require(4 * KIB, true)).satisfies(e -> assertError(e, StorageError.INSUFFICIENT_STORAGE));
        assertThatThrownBy(() -> guard.require(4 * KIB, true)).satisfies(e -> assertError(e, StorageError.INSUFFICIENT_STORAGE));
        assertThat(reads).hasValue(2);
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
