package io.stratus.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one service call on a worker thread and makes sure exactly one response goes out: a
 * handler that throws, or returns without responding or deferring its response, gets a server
 * error (logged once with the request id; the exception text never reaches the client), one that
 * stopped mid-body gets its connection closed.
 */
final class ExchangeTask implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ExchangeTask.class);

    private final HttpService service;
    private final ChannelExchange exchange;

    ExchangeTask(HttpService service, ChannelExchange exchange) {
        this.service = requireNonNull(service, "service is null");
        this.exchange = requireNonNull(exchange, "exchange is null");
    }

    @Override
    public void run() {
        Throwable failure = null;
        try {
            service.handle(exchange);
        } catch (Throwable t) {
            failure = t;
        }
        ensureResponse(failure);
    }

    private void ensureResponse(Throwable failure) {
        if (exchange.isDone()) {
            return;
        }
        if (failure == null && exchange.isDeferred()) {
            return; // answered later by whoever the handler handed the exchange to
        }
        String requestId = exchange.requestId();
        if (exchange.isResponding()) {
            // Began streaming but never finished: the response cannot be completed correctly.
            if (failure != null && exchange.isConnected()) {
                log.warn("Request {} ({}) failed mid-response", requestId, exchange.head(), failure);
            }
            exchange.abort();
            return;
        }
        if (!exchange.isConnected()) {
            log.debug("Request {} ({}): client went away", requestId, exchange.head(), failure);
            exchange.markAbandoned();
            return;
        }
        HttpError error = errorFor(failure);
        try {
            exchange.respond(error.status(), ErrorBody.HEADERS, ErrorBody.render(error, requestId));
        } catch (IOException | RuntimeException e) {
            log.debug("Request {}: could not send the {} response", requestId, error.code(), e);
            exchange.abort();
        }
    }

    private HttpError errorFor(Throwable failure) {
        IOException bodyFailure = exchange.bodyStream().failure();
        if (bodyFailure instanceof RequestBodyTimeoutException) {
            return HttpError.REQUEST_TIMEOUT;
        }
        if (bodyFailure instanceof MalformedBodyException) {
            return HttpError.BAD_REQUEST;
        }
        if (failure != null) {
            log.error("Request {} ({}) failed in service {}", exchange.requestId(), exchange.head(),
                    exchange.serviceName(), failure);
        } else {
            log.error("Request {} ({}): service {} returned without responding", exchange.requestId(),
                    exchange.head(), exchange.serviceName());
        }
        return HttpError.INTERNAL_ERROR;
    }
}
