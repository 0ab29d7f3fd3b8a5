package io.stratus.http;

/** The request target is not a valid origin-form URI (bad percent-encoding or bad UTF-8). */
public final class InvalidUriException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidUriException(String message) {
        super(message);
    }
}
