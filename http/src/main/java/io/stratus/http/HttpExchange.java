package io.stratus.http;

import io.stratus.core.io.BodySink;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One request and its response, used from a worker thread. Reading {@link #body()} pulls from the
 * socket only as fast as the handler consumes (back-pressure); writing blocks while the
 * connection is not writable. Every response automatically carries {@code x-amz-request-id},
 * {@code Date} and {@code Server} headers.
 */
public interface HttpExchange extends HttpRequestHead {
    InetSocketAddress remoteAddress();

    /** Unique id of this request (also sent as x-amz-request-id). */
    String requestId();

    /** Content-Length of the request, or -1 when absent (chunked transfer encoding). */
    long contentLength();

    /** The request body, decoded from HTTP framing only. EOF at the end of the body. */
    InputStream body();

    /** Names the operation for metrics and logs (e.g. "PutObject"). */
    void setOperation(String operation);

    /**
     * Sends a whole response. {@code headers} are name/value pairs; body may be empty. Returns once
     * the response is handed to the connection (small bodies are not waited for: the caller must
     * not change {@code body} afterwards).
     */
    void respond(int status, List<Map.Entry<String, String>> headers, byte[] body) throws IOException;

    /**
     * Starts a response of exactly {@code contentLength} bytes (a HEAD response sends headers
     * only: pass the length the GET would have and write nothing). Write the body into the
     * returned stream, then call {@link ResponseStream#finish()}.
     */
    ResponseStream startResponse(int status, List<Map.Entry<String, String>> headers, long contentLength) throws IOException;

    boolean responded();

    /**
     * Says that the response will be sent after the handler returns, from another thread (a write
     * that is acknowledged once it is durable). Call it before handing the exchange over; the one
     * who holds it then must respond exactly once. Stopping the server waits for such a response
     * as for one being written.
     */
    void deferResponse();

    /** A body being written. */
    interface ResponseStream extends BodySink {
        /**
         * Completes the response. When file regions were sent, blocks until every byte was handed to
         * the socket (the caller may close the files afterwards); heap bytes were copied already.
         */
        void finish() throws IOException;

        /** Gives up mid-body: closes the connection so the client sees a truncated response. */
        void abort();
    }
}
