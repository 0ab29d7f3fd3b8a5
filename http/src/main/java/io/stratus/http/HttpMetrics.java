package io.stratus.http;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /*
     * The meters each request updates, looked up by their tags here rather than through the
     * registry's builders: building the tag set and finding the meter in the registry cost more
     * than the update itself, about 2% of a small GET's event-loop time. The tag values come from
     * a fixed set (services, operations, statuses), so these maps stay small.
     */
    private final Map<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();
    private final Map<String, Counter> receivedBytes = new ConcurrentHashMap<>();
    private final Map<String, Counter> sentBytes = new ConcurrentHashMap<>();

    private record RequestKey(String service, String operation, int status) {}

    private record RequestMeters(Counter requests, Timer duration) {}

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
        RequestMeters meters = requestMeters.computeIfAbsent(new RequestKey(service, operation, status), this::register);
        meters.requests().increment();
        meters.duration().record(durationNanos, TimeUnit.NANOSECONDS);
    }

    public void recordBodyBytes(String service, long received, long sent) {
        if (received > 0) {
            receivedBytes.computeIfAbsent(service, s -> bytesCounter("stratus.received.bytes", "Request body bytes received", s))
                    .increment(received);
        }
        if (sent > 0) {
            sentBytes.computeIfAbsent(service, s -> bytesCounter("stratus.sent.bytes", "Response body bytes sent", s))
                    .increment(sent);
        }
    }

    private RequestMeters register(RequestKey key) {
        Counter requests = Counter.builder("stratus.requests")
                .description("HTTP requests answered")
                .tag("service", key.service())
                .tag("operation", key.operation())
                .tag("status", Integer.toString(key.status()))
                .register(registry);
        Timer duration = Timer.builder("stratus.request.duration")
                .description("Time from request head to the last response byte handed to the socket")
                .tag("service", key.service())
                .tag("operation", key.operation())
                .publishPercentileHistogram()
                .register(registry);
        return new RequestMeters(requests, duration);
    }

    private Counter bytesCounter(String name, String description, String service) {
        return Counter.builder(name)
                .description(description)
                .baseUnit(BaseUnits.BYTES)
                .tag("service", service)
                .register(registry);
    }
}
