package io.stratus.bench;

/** A request the server answered with an error status (or an error body), counted as an error. */
public final class RequestFailedException extends Exception {
    public RequestFailedException(String message) {
        super(message, null, false, false);
    }
}
