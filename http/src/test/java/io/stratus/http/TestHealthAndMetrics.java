package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class TestHealthAndMetrics {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void healthReportsEveryServiceState() throws Exception {
        Map<String, String> states = new LinkedHashMap<>();
        states.put("s3", "running");
        states.put("iam", "starting \"soon\"");
        try (RunningServer server = RunningServer.start(new HealthService(() -> states))) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/_stratus/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.body()).isEqualTo(
                    "{\"status\":\"ok\",\"services\":{\"s3\":\"running\",\"iam\":\"starting \\\"soon\\\"\"}}");
        }
    }

    @Test
    void metricsCountRequestsBytesAndDurations() throws Exception {
        Route things = Route.named("things", "/things", exchange -> {
            exchange.setOperation("PutThing");
            byte[] body = exchange.body().readAllBytes();
            exchange.respond(200, List.of(), body);
        });
        HttpMetrics metrics = new HttpMetrics();
        HttpServer httpServer = new HttpServer(RunningServer.config(),
                List.of(new MetricsService(metrics), things), metrics);
        int port = httpServer.start();
        try {
            String base = "http://127.0.0.1:" + port;
            for (int i = 0; i < 3; i++) {
                client.send(HttpRequest.newBuilder(java.net.URI.create(base + "/things/x"))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            client.send(HttpRequest.newBuilder(java.net.URI.create(base + "/nowhere")).build(),
                    HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(java.net.URI.create(base + "/_stratus/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            String text = response.body();
            assertThat(text).contains("stratus_requests_total{operation=\"PutThing\",service=\"things\",status=\"200\"} 3.0");
            assertThat(text).contains("stratus_requests_total{operation=\"unknown\",service=\"none\",status=\"404\"} 1.0");
            assertThat(text).contains("stratus_request_duration_seconds_count{operation=\"PutThing\",service=\"things\"} 3");
            assertThat(text).contains("stratus_request_duration_seconds_bucket{operation=\"PutThing\",service=\"things\",le=");
            assertThat(text).contains("stratus_received_bytes_total{service=\"things\"} 3000.0");
            assertThat(text).contains("stratus_sent_bytes_total{service=\"things\"} 3000.0");
        } finally {
            httpServer.stop(java.time.Duration.ofSeconds(5));
        }
    }
}
