package io.stratus.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /_stratus/health}, unauthenticated: {@code {"status":"ok","services":{"s3":"running"}}}.
 * It answers 200 whenever the process serves HTTP; the per-service states tell the rest.
 */
public final class HealthService implements HttpService {
    public static final String PATH = "/_stratus/health";

    private final Supplier<Map<String, String>> serviceStates;

    public HealthService(Supplier<Map<String, String>> serviceStates) {
        this.serviceStates = requireNonNull(serviceStates, "serviceStates is null");
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public boolean handles(HttpRequestHead head) {
        return PATH.equals(head.path()) && ("GET".equals(head.method()) || "HEAD".equals(head.method()));
    }

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        exchange.setOperation("GetHealth");
        StringBuilder json = new StringBuilder("{\"status\":\"ok\",\"services\":{");
        boolean first = true;
        for (Map.Entry<String, String> state : serviceStates.get().entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            appendString(json, state.getKey());
            json.append(':');
            appendString(json, state.getValue());
        }
        json.append("}}");
        exchange.respond(200, List.of(Map.entry("Content-Type", "application/json"),
                Map.entry("Cache-Control", "no-store")), json.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
