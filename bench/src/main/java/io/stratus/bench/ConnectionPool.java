package io.stratus.bench;

import static java.util.Objects.requireNonNull;

import io.stratus.bench.http.HttpConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Keep-alive connections to one endpoint, kept from step to step. Each worker holds one
 * connection for a whole step (and acquires it before the step's clock starts). A connection
 * that sat idle for more than a second is closed rather than reused: servers drop idle
 * keep-alive connections (Jetty after 30 s), and a request sent on a dropped one fails.
 */
public final class ConnectionPool implements AutoCloseable {
    private static final long MAX_IDLE_NANOS = 1_000_000_000L;

    private final InetSocketAddress address;
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();

    public ConnectionPool(InetSocketAddress address) {
        this.address = requireNonNull(address, "address is null");
    }

    private record Idle(HttpConnection connection, long since) {
    }

    public HttpConnection acquire() throws IOException {
        synchronized (this) {
            long now = System.nanoTime();
            while (!idle.isEmpty()) {
                Idle entry = idle.pop();
                if (entry.connection().isOpen() && now - entry.since() <= MAX_IDLE_NANOS) {
                    return entry.connection();
                }
                entry.connection().close();
            }
        }
        return HttpConnection.open(address);
    }

    public synchronized void release(HttpConnection connection) {
        if (connection != null && connection.isOpen()) {
            idle.push(new Idle(connection, System.nanoTime()));
        }
    }

    /** Closes the idle connections (after the server restarted, say). */
    public synchronized void clear() {
        idle.forEach(entry -> entry.connection().close());
        idle.clear();
    }

    @Override
    public void close() {
        clear();
    }
}
