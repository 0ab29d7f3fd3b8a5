package io.stratus.bench;

import static java.util.Objects.requireNonNull;

import io.stratus.bench.http.HttpConnection.BodyMode;
import io.stratus.bench.http.Payload;

/**
 * One request a worker sends.
 *
 * @param head        the request line and headers, ending with an empty line (ASCII)
 * @param body        the payload to send {@code bodyLength} bytes of; null when there is no body
 * @param headRequest true for HEAD (the response has no body whatever its Content-Length says)
 * @param mode        what to do with a successful response's body
 */
record Request(byte[] head, Payload body, long bodyLength, boolean headRequest, BodyMode mode) {
    Request {
        requireNonNull(head, "head is null");
        requireNonNull(mode, "mode is null");
        if (bodyLength > 0) {
            requireNonNull(body, "body is null");
        }
    }

    static Request of(byte[] head, BodyMode mode) {
        return new Request(head, null, 0, false, mode);
    }
}
