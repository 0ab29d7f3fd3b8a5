package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service may have small uploads wait on the event loop for their whole body and answer them
 * there (or later, from another thread); everything else, and a body that is late, goes to a worker.
 */
@ExtendWith(NoLeaks.class)
class TestWholeBodyOnEventLoop {
    /** Takes /small* on the event loop once the body is in: /small answers at once, /deferred from another thread. */
    private static final class SmallUploads implements HttpService {
        final CountDownLatch releaseDeferred = new CountDownLatch(1);

        @Override
        public boolean handles(HttpRequestHead head) {
            return true;
        }

        @Override
        public boolean handleNowWithBody(HttpExchange exchange) {
            return exchange.path().startsWith("/small") || exchange.path().equals("/deferred");
        }

        @Override
        public boolean handleNow(HttpExchange exchange) {
            if (!handleNowWithBody(exchange)) {
                return false;
            }
            try {
                byte[] answer = answer(exchange);
                if (exchange.path().equals("/deferred")) {
                    exchange.deferResponse();
                    CompletableFuture.runAsync(() -> {
                        try {
                            releaseDeferred.await(10, TimeUnit.SECONDS);
                            exchange.respond(200, List.of(), answer);
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                } else {
                    exchange.respond(200, List.of(), answer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }

        @Override
        public void handle(HttpExchange exchange) throws Exception {
            exchange.respond(200, List.of(), answer(exchange));
        }

        /** "thread:body length:first byte" of whoever answers. */
        private static byte[] answer(HttpExchange exchange) throws IOException {
            byte[] body = exchange.body().readAllBytes();
            String text = Thread.currentThread().getName() + ":" + body.length + ":" + (body.length == 0 ? "" : (char) body[0]);
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String head(String path, int length, String extra) {
        return "PUT " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n" + extra + "\r\n";
    }

    private static byte[] body(int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'b');
        return body;
    }

    @Test
    void aSmallBodyArrivingInPiecesIsAnsweredOnTheEventLoop() throws Exception {
        try (RunningServer server = RunningServer.start(new SmallUploads()); RawConnection connection = server.connect()) {
            for (int i = 0; i < 3; i++) { // keep-alive: the connection serves the next request after each
                connection.send(head("/small", 5000, "") + "bbb");
                Thread.sleep(50);
                connection.send(body(4997));
                RawResponse response = connection.readResponse();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.bodyText()).startsWith("stratus-http-io").endsWith(":5000:b");
            }
        }
    }

    @Test
    void aClientExpectingContinueGetsItBeforeSendingTheBody() throws Exception {
        try (RunningServer server = RunningServer.start(new SmallUploads()); RawConnection connection = server.connect()) {
            connection.send(head("/small", 100, "Expect: 100-continue\r\n"));
            assertThat(connection.readResponse().status()).isEqualTo(100);
            connection.send(body(100));
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).startsWith("stratus-http-io").endsWith(":100:b");
        }
    }

    @Test
    void largerBodiesAndOtherRequestsGoToAWorker() throws Exception {
        try (RunningServer server = RunningServer.start(new SmallUploads()); RawConnection connection = server.connect()) {
            int large = (int) HttpService.WHOLE_BODY_LIMIT + 1;
            connection.send(head("/small", large, ""));
            connection.send(body(large));
            assertThat(connection.readResponse().bodyText()).startsWith("stratus-http-worker").endsWith(":" + large + ":b");

            connection.send(head("/other", 10, ""));
            connection.send(body(10));
            assertThat(connection.readResponse().bodyText()).startsWith("stratus-http-worker").endsWith(":10:b");

            // The limit itself still waits for the whole body.
            int limit = (int) HttpService.WHOLE_BODY_LIMIT;
            connection.send(head("/small", limit, ""));
            connection.send(body(limit));
            assertThat(connection.readResponse().bodyText()).startsWith("stratus-http-io").endsWith(":" + limit + ":b");
        }
    }

    /** A body still incomplete after the body read timeout is handed to a worker, which reads the rest. */
    @Test
    void aLateBodyIsHandedToAWorker() throws Exception {
        HttpServerConfig config = RunningServer.config()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1));
        try (RunningServer server = RunningServer.start(config, new SmallUploads()); RawConnection connection = server.connect()) {
            // The 100 Continue comes once the server waits for the body: the body timer runs from there.
            connection.send(head("/small", 20, "Expect: 100-continue\r\n") + "bbbbb");
            assertThat(connection.readResponse().status()).isEqualTo(100);
            // Halfway between the event loop giving up on the body (1 s) and the worker's own timeout (1 s later).
            Thread.sleep(1500);
            connection.send(body(15));
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).startsWith("stratus-http-worker").endsWith(":20:b");
        }
    }

    /** A deferred response arrives later from another thread; stopping the server waits for it. */
    @Test
    void aDeferredResponseIsSentAndWaitedForAtStop() throws Exception {
        SmallUploads service = new SmallUploads();
        RunningServer server = RunningServer.start(service);
        try (RawConnection connection = server.connect()) {
            connection.send(head("/deferred", 3, "") + "bbb");
            assertThat(connection.silentFor(Duration.ofMillis(200))).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            Thread.sleep(200);
            assertThat(stopping).as("the stop waits for the deferred response").isNotDone();
            service.releaseDeferred.countDown();
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).endsWith(":3:b");
            stopping.get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    /** An upload whose body is still arriving when the server stops is read, answered and waited for. */
    @Test
    void aBodyStillArrivingAtStopIsAnsweredBeforeTheServerStops() throws Exception {
        RunningServer server = RunningServer.start(new SmallUploads());
        try (RawConnection connection = server.connect()) {
            connection.send(head("/small", 20, "Expect: 100-continue\r\n") + "bbbbb");
            assertThat(connection.readResponse().status()).as("the server waits for the body").isEqualTo(100);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            Thread.sleep(300);
            assertThat(stopping).as("the stop waits for the body").isNotDone();
            connection.send(body(15));
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).startsWith("stratus-http-io").endsWith(":20:b");
            stopping.get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }
}
