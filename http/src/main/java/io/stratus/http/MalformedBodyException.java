package io.stratus.http;

import java.io.IOException;

/** The request body's framing was broken (e.g. a bad chunk size); the connection cannot be reused. */
final class MalformedBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
