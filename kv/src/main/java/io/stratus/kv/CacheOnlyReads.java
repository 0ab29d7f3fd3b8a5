package io.stratus.kv;

/**
 * A per-thread mode in which reads must not wait for the disk. Inside a scope opened by
 * {@link #enter()}, {@link KvStore#get} answers only from the memtables and the block cache and
 * throws {@link WouldBlockException} where it would have to read a table file, and cursors are
 * refused. The HTTP layer uses it to answer small reads on an event loop, which must never block,
 * and to hand everything else to a worker thread.
 *
 * <pre>{@code
 * try (CacheOnlyReads.Scope scope = CacheOnlyReads.enter()) {
 *     ... reads ...
 * } catch (WouldBlockException e) {
 *     ... redo the work where blocking is allowed ...
 * }
 * }</pre>
 */
public final class CacheOnlyReads {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private CacheOnlyReads() {
    }

    /** Starts cache-only reads on this thread until the scope is closed. Scopes do not nest. */
    public static Scope enter() {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("cache-only reads already active on this thread");
        }
        Scope scope = new Scope();
        CURRENT.set(scope);
        return scope;
    }

    /** Whether this thread is inside a cache-only scope: code about to touch the disk must throw instead. */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /** Throws {@link WouldBlockException} when this thread may not block on the disk. */
    public static void checkMayBlock() {
        if (active()) {
            throw WouldBlockException.INSTANCE;
        }
    }

    public static final class Scope implements AutoCloseable {
        private Scope() {
        }

        @Override
        public void close() {
            CURRENT.remove();
        }
    }
}
