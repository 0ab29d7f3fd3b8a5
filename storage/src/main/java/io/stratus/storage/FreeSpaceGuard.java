package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps writes out of the free-space reserve: a write may start, or go on, only while the data
 * directory's file system keeps {@code minFreeBytes} free after it.
 *
 * <p>Reading the free space is a statfs call, 2% of a small PUT's server time. A small body (one
 * stored inline in the metadata) may therefore reuse the last reading for up to
 * {@value #REUSE_MILLIS} ms, as long as the bytes admitted against that reading stay under a
 * quarter of the reserve: counting those bytes as already written, the reserve holds, and the
 * next reading corrects the count. Large bodies, and the checks made while one is being written,
 * always read afresh (and clear the reading small bodies share): they are what can fill a disk
 * within those 100 ms, and they are what the reserve refuses first.
 */
final class FreeSpaceGuard {
    static final long REUSE_MILLIS = 100;

    private final DiskSpace space;
    private final long minFreeBytes;
    private final Clock clock;
    private volatile Reading last;

    /** A free-space reading, and the bytes of small bodies admitted against it since. */
    private record Reading(long usable, long atMillis, AtomicLong admitted) {}

    FreeSpaceGuard(DiskSpace space, long minFreeBytes, Clock clock) {
        this.space = requireNonNull(space, "space is null");
        this.minFreeBytes = minFreeBytes;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @param needed bytes about to be written (0 for a check between writes)
     * @param small  whether the body is small enough to be stored inline
     * @throws StorageException INSUFFICIENT_STORAGE when the write would eat into the reserve
     */
    void require(long needed, boolean small) throws StorageException {
        if (small && admittedOnLastReading(needed)) {
            return;
        }
        long usable;
        try {
            usable = space.usableBytes();
        } catch (IOException e) {
            throw DiskErrors.map(e, "checking free space");
        }
        // Only a reading taken for a small body is reused, with that body's bytes counted on it.
        last = small ? new Reading(usable, clock.millis(), new AtomicLong(needed)) : null;
        if (usable - needed < minFreeBytes) {
            throw new StorageException(StorageError.INSUFFICIENT_STORAGE,
                    "Not enough free space: " + usable + " bytes usable, " + needed + " needed, "
                            + minFreeBytes + " reserved");
        }
    }

    private boolean admittedOnLastReading(long needed) {
        Reading reading = last;
        if (reading == null) {
            return false;
        }
        long age = clock.millis() - reading.atMillis();
        if (age < 0 || age >= REUSE_MILLIS) {
            return false;
        }
        long admitted = reading.admitted().addAndGet(needed);
        return admitted <= minFreeBytes / 4 && reading.usable() - admitted >= minFreeBytes;
    }
}
