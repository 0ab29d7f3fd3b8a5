package io.stratus.http;

/**
 * A service behind the one HTTP listener (S3, IAM, health, metrics, ...). The server asks each
 * registered service in order whether it takes a request, then runs it on a bounded worker pool.
 */
public interface HttpService {
    /** Called on the event loop with the request head only: must not block. */
    boolean handles(HttpRequestHead head);

    /**
     * Handles one request on a worker thread; may block on disk and on the request body. Must
     * send exactly one response through the exchange (the server answers 500 if it returns or
     * throws without having responded).
     */
    void handle(HttpExchange exchange) throws Exception;

    /**
     * Offers a request without a body to the service on the event loop, before it is queued for a
     * worker. A service that can answer from memory alone (no disk, no waiting) sends the whole
     * response with {@link HttpExchange#respond} and returns true, sparing the two thread hand-offs
     * that dominate a small request's cost. It returns false, having sent nothing, as soon as
     * anything would block; the request then runs on a worker through {@link #handle} as usual.
     */
    default boolean handleNow(HttpExchange exchange) {
        return false;
    }

    /**
     * Asked on the event loop for a request with a small body (a Content-Length of at most
     * {@link #WHOLE_BODY_LIMIT} bytes): true to have the server wait, on the event loop, until
     * the whole body has arrived and then offer the request to {@link #handleNow}, whose body
     * reads then never wait. Such a handleNow may return false (for a worker to run it) only
     * before it has read any of the body. Must not block.
     */
    default boolean handleNowWithBody(HttpExchange exchange) {
        return false;
    }

    /** The largest body {@link #handleNowWithBody} is asked about: one that is cheap to hash on the event loop. */
    long WHOLE_BODY_LIMIT = 64 * 1024;

    /** The {@code service} label of this service's request metrics (e.g. "s3"). */
    default String name() {
        return getClass().getSimpleName();
    }
}
