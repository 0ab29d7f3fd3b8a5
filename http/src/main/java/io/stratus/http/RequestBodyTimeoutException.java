package io.stratus.http;

import java.net.SocketTimeoutException;

/**
 * Thrown by {@link HttpExchange#body()} reads when the client sent no body byte for the configured
 * body read timeout. A handler that lets it escape without responding makes the server answer
 * 400 RequestTimeout; either way the connection is closed after the response.
 */
public final class RequestBodyTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    public RequestBodyTimeoutException(String message) {
        super(message);
    }
}
