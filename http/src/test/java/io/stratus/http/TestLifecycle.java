package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class TestLifecycle {
    @Test
    void stopLetsAnInFlightRequestFinish() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Route route = Route.at("/work", exchange -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            exchange.respond(200, List.of(), "done".getBytes(StandardCharsets.UTF_8));
        });
        RunningServer server = RunningServer.start(route);
        try (RawConnection connection = server.connect(); RawConnection idle = server.connect()) {
            connection.send("GET /work HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.server.stop(Duration.ofSeconds(20)));
            assertThat(idle.closedByServer()).isTrue(); // idle connections go at once
            assertThat(stopped).isNotDone();
            release.countDown();
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("done");
            assertThat(response.header("Connection")).isEqualTo("close");
            stopped.get(20, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void saturatedWorkersAnswerSlowDownWithoutRunningTheHandler() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Route route = Route.at("/work", exchange -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            exchange.respond(200, List.of(), new byte[0]);
        });
        HttpServerConfig config = RunningServer.config().withWorkers(1, 0);
        try (RunningServer server = RunningServer.start(config, route);
                RawConnection busy = server.connect(); RawConnection rejected = server.connect()) {
            busy.send("GET /work HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            rejected.send("GET /work HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = rejected.readResponse();
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.errorCode()).isEqualTo("SlowDown");
            assertThat(response.bodyText()).contains("<Message>Please reduce your request rate.</Message>");
            release.countDown();
            assertThat(busy.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void startReturnsTheBoundPortAndCloseStops() throws Exception {
        int port;
        try (HttpServer server = new HttpServer(RunningServer.config(), List.of(), new HttpMetrics())) {
            port = server.start();
            assertThat(port).isPositive();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        }
        int closedPort = port;
        assertThatThrownBy(() -> new Socket("127.0.0.1", closedPort).close()).isInstanceOf(IOException.class);
    }

    @Test
    void bindingATakenPortFails() {
        try (RunningServer first = RunningServer.start()) {
            HttpServerConfig taken = new HttpServerConfig("127.0.0.1", first.port, 2, 2, 16384, 65536,
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), BodyRateFloor.DEFAULT);
            HttpServer second = new HttpServer(taken, List.of(), new HttpMetrics());
            assertThatThrownBy(second::start).isInstanceOf(java.io.UncheckedIOException.class);
        }
    }
}
