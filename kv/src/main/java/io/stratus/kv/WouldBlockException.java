package io.stratus.kv;

/**
 * Thrown inside a {@link CacheOnlyReads} scope where the work would have to wait for the disk.
 * Not an error: the caller redoes the work on a thread that may block. One shared instance
 * without a stack trace, since it is control flow on a hot path.
 */
public final class WouldBlockException extends RuntimeException {
    static final WouldBlockException INSTANCE = new WouldBlockException();

    private WouldBlockException() {
        super("the operation would block on disk", null, false, false);
    }
}
