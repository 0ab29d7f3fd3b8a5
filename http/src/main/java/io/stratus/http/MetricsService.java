package io.stratus.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code GET /_stratus/metrics}: the Prometheus text exposition of {@link HttpMetrics#registry()}. */
public final class MetricsService implements HttpService {
    public static final String PATH = "/_stratus/metrics";

    private final HttpMetrics metrics;

    public MetricsService(HttpMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public boolean handles(HttpRequestHead head) {
        return PATH.equals(head.path()) && ("GET".equals(head.method()) || "HEAD".equals(head.method()));
    }

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        exchange.setOperation("GetMetrics");
        byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.respond(200, List.of(Map.entry("Content-Type", HttpMetrics.CONTENT_TYPE)), text);
    }
}
