package io.stratus.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of the HTTP listener.
 *
 * @param host address to bind ("0.0.0.0" for all interfaces)
 * @param port port to bind; 0 picks a free one ({@link HttpServer#start()} returns it)
 * @param workerThreads threads running {@link HttpService#handle}; handlers block on disk and bodies
 * @param maxQueuedRequests requests waiting for a worker before new ones get 503 SlowDown
 *     (0: none wait)
 * @param maxInitialLineLength longest request line; longer gets 414
 * @param maxHeaderSize largest header section; larger gets 400 RequestHeaderSectionTooLarge
 * @param headerTimeout the request head must be complete this long after the connection opened
 *     or after the first byte of a keep-alive request arrived (slow-loris defence)
 * @param idleTimeout how long a keep-alive connection may sit without a byte of the next request
 * @param bodyReadTimeout longest wait for the next request body byte while a handler reads the
 *     body; also the longest a response write waits for a client that reads nothing
 * @param bodyRateFloor the slowest a request body may arrive while its handler waits for it; a
 *     slower body is cut like a body read timeout (400 RequestTimeout)
 */
public record HttpServerConfig(
        String host,
        int port,
        int workerThreads,
        int maxQueuedRequests,
        int maxInitialLineLength,
        int maxHeaderSize,
        Duration headerTimeout,
        Duration idleTimeout,
        Duration bodyReadTimeout,
        BodyRateFloor bodyRateFloor) {

    public static final int DEFAULT_WORKER_THREADS = 64;
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 1024;
    public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 16 * 1024;
    public static final int DEFAULT_MAX_HEADER_SIZE = 64 * 1024;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(30);

    public HttpServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(headerTimeout, "headerTimeout is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(bodyReadTimeout, "bodyReadTimeout is null");
        requireNonNull(bodyRateFloor, "bodyRateFloor is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        requirePositive(workerThreads, "workerThreads");
        if (maxQueuedRequests < 0) {
            throw new IllegalArgumentException("maxQueuedRequests is negative: " + maxQueuedRequests);
        }
        requirePositive(maxInitialLineLength, "maxInitialLineLength");
        requirePositive(maxHeaderSize, "maxHeaderSize");
        requirePositive(headerTimeout, "headerTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(bodyReadTimeout, "bodyReadTimeout");
    }

    /** The production defaults on the given address. */
    public static HttpServerConfig defaults(String host, int port) {
        return new HttpServerConfig(host, port, DEFAULT_WORKER_THREADS, DEFAULT_MAX_QUEUED_REQUESTS,
                DEFAULT_MAX_INITIAL_LINE_LENGTH, DEFAULT_MAX_HEADER_SIZE, DEFAULT_HEADER_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_BODY_READ_TIMEOUT, BodyRateFloor.DEFAULT);
    }

    public HttpServerConfig withWorkers(int workerThreads, int maxQueuedRequests) {
        return new HttpServerConfig(host, port, workerThreads, maxQueuedRequests, maxInitialLineLength,
                maxHeaderSize, headerTimeout, idleTimeout, bodyReadTimeout, bodyRateFloor);
    }

    public HttpServerConfig withTimeouts(Duration headerTimeout, Duration idleTimeout, Duration bodyReadTimeout) {
        return new HttpServerConfig(host, port, workerThreads, maxQueuedRequests, maxInitialLineLength,
                maxHeaderSize, headerTimeout, idleTimeout, bodyReadTimeout, bodyRateFloor);
    }

    public HttpServerConfig withBodyRateFloor(BodyRateFloor bodyRateFloor) {
        return new HttpServerConfig(host, port, workerThreads, maxQueuedRequests, maxInitialLineLength,
                maxHeaderSize, headerTimeout, idleTimeout, bodyReadTimeout, bodyRateFloor);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
