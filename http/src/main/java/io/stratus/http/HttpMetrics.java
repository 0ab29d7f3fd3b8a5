package io.stratus.http;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * Request metrics of the HTTP listener, in a Prometheus registry that other parts of the server
 * may add their own meters to (storage gauges, ...):
 * <ul>
 *   <li>{@code stratus_requests_total{service,operation,status}}</li>
 *   <li>{@code stratus_request_duration_seconds{service,operation}} (histogram)</li>
 *   <li>{@code stratus_received_bytes_total{service}}, {@code stratus_sent_bytes_total{service}}:
 *       request and response body bytes</li>
 * </ul>
 */
public final class HttpMetrics {
    /** The content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public HttpMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public HttpMetrics(PrometheusMeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The registry in the Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    public void recordRequest(String service, String operation, int status, long durationNanos) {
        Counter.builder("stratus.requests")
                .description("HTTP requests answered")
                .tag("service", service)
                .tag("operation", operation)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
        Timer.builder("stratus.request.duration")
                .description("Time from request head to the last response byte handed to the socket")
                .tag("service", service)
                .tag("operation", operation)
                .publishPercentileHistogram()
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    public void recordBodyBytes(String service, long received, long sent) {
        if (received > 0) {
            Counter.builder("stratus.received.bytes")
                    .description("Request body bytes received")
                    .baseUnit(BaseUnits.BYTES)
                    .tag("service", service)
                    .register(registry)
                    .increment(received);
        }
        if (sent > 0) {
            Counter.builder("stratus.sent.bytes")
                    .description("Response body bytes sent")
                    .baseUnit(BaseUnits.BYTES)
                    .tag("service", service)
                    .register(registry)
                    .increment(sent);
        }
    }
}
