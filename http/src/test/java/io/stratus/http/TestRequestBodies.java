package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class TestRequestBodies {
    private static final long UPLOAD_SIZE = 200L * 1024 * 1024;

    /** Counts the body and returns "count crc32". */
    private static final Route COUNTER = Route.at("/count", exchange -> {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long count = 0;
        InputStream body = exchange.body();
        int n;
        while ((n = body.read(buffer)) != -1) {
            crc.update(buffer, 0, n);
            count += n;
        }
        exchange.respond(200, List.of(), (count + " " + crc.getValue()).getBytes(StandardCharsets.UTF_8));
    });

    private static long expectedCrc(long length) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new PatternInputStream(length)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    @Test
    void streamsA200MiBChunkedUploadThroughTheHandler() throws Exception {
        try (RunningServer server = RunningServer.start(COUNTER)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/count"))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternInputStream(UPLOAD_SIZE)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(UPLOAD_SIZE + " " + expectedCrc(UPLOAD_SIZE));
        }
    }

    @Test
    void streamsAnUploadWithContentLength() throws Exception {
        long size = 20L * 1024 * 1024;
        try (RunningServer server = RunningServer.start(COUNTER)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/count"))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new PatternInputStream(size)), size))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo(size + " " + expectedCrc(size));
        }
    }

    @Test
    void sendsContinueOnlyOnceTheHandlerReadsTheBody() throws Exception {
        CountDownLatch mayRead = new CountDownLatch(1);
        Route route = Route.at("/lazy", exchange -> {
            mayRead.await(10, TimeUnit.SECONDS);
            byte[] body = exchange.body().readAllBytes();
            exchange.respond(200, List.of(), body);
        });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("PUT /lazy HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(connection.silentFor(Duration.ofMillis(300))).isTrue();
            mayRead.countDown();
            assertThat(connection.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(connection.readLine()).isEmpty();
            connection.send("hello");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("hello");
            assertThat(response.header("Connection")).isNull();
            // still usable
            connection.send("PUT /lazy HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");
            assertThat(connection.readResponse().bodyText()).isEqualTo("ok");
        }
    }

    @Test
    void rejectingBeforeReadingNeverAsksForTheBodyAndCloses() throws Exception {
        Route route = Route.at("/deny", exchange -> exchange.respond(403, List.of(), "no".getBytes(StandardCharsets.UTF_8)));
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("PUT /deny HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(403); // not 100
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void smallUnreadBodyIsDrainedAndTheConnectionKept() throws Exception {
        Route route = Route.at("/ignore", exchange -> exchange.respond(200, List.of(), new byte[0]));
        try (RunningServer server = RunningServer.start(route, COUNTER); RawConnection connection = server.connect()) {
            byte[] body = new byte[100_000];
            connection.send("PUT /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
            connection.send(body);
            RawResponse ignored = connection.readResponse();
            assertThat(ignored.status()).isEqualTo(200);
            assertThat(ignored.header("Connection")).isNull();
            connection.send("PUT /count HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(connection.readResponse().bodyText()).startsWith("3 ");
        }
    }

    /** A handler that reads on after it answered must not take the dropped rest of the body for its end. */
    @Test
    void readingABodyAfterTheResponseFailsRatherThanEndingEarly() throws Exception {
        CompletableFuture<Throwable> read = new CompletableFuture<>();
        Route route = Route.at("/early", exchange -> {
            exchange.respond(200, List.of(), new byte[0]);
            try {
                exchange.body().readAllBytes();
                read.complete(null);
            } catch (IOException e) {
                read.complete(e);
            }
        });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("PUT /early HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n");
            connection.send(new byte[64 * 1024]);
            assertThat(connection.readResponse().status()).isEqualTo(200);
            assertThat(read.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessageContaining("response was already sent");
        }
    }

    @Test
    void largeUnreadBodyClosesTheConnection() throws Exception {
        Route route = Route.at("/ignore", exchange -> exchange.respond(200, List.of(), new byte[0]));
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("PUT /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n");
            connection.send(new byte[64 * 1024]);
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void bodyThatStopsArrivingTimesOutTheHandlersRead() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Route route = Route.at("/slow", exchange -> {
            try {
                exchange.body().readAllBytes();
                seen.complete(null);
            } catch (IOException e) {
                seen.complete(e);
                throw e;
            }
        });
        HttpServerConfig config = RunningServer.config().withTimeouts(
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMillis(300));
        try (RunningServer server = RunningServer.start(config, route); RawConnection connection = server.connect()) {
            connection.send("PUT /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly-this");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("RequestTimeout");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(RequestBodyTimeoutException.class);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void clientDisconnectFailsTheHandlersRead() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        Route route = Route.at("/gone", exchange -> {
            started.countDown();
            try {
                exchange.body().readAllBytes();
                seen.complete(null);
            } catch (IOException e) {
                seen.complete(e);
            }
        });
        try (RunningServer server = RunningServer.start(route)) {
            try (RawConnection connection = server.connect()) {
                connection.send("PUT /gone HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\npartial");
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void malformedChunkedBodyFailsTheReadAnd400sAndCloses() throws Exception {
        try (RunningServer server = RunningServer.start(COUNTER); RawConnection connection = server.connect()) {
            connection.send("PUT /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\nZZZ\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("BadRequest");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void unroutedRequestWithASmallBodyGets404AndKeepsTheConnection() throws Exception {
        try (RunningServer server = RunningServer.start(COUNTER); RawConnection connection = server.connect()) {
            connection.send("PUT /elsewhere HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
            connection.send(new byte[5000]);
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("Connection")).isNull();
            connection.send("PUT /count HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
            assertThat(connection.readResponse().bodyText()).startsWith("2 ");
        }
    }

    @Test
    void exposesContentLengthRequestIdAndHeaders() throws Exception {
        Route route = Route.at("/info", exchange -> {
            exchange.body().readAllBytes();
            exchange.respond(200, List.of(), (exchange.contentLength() + " " + exchange.requestId() + " "
                    + exchange.header("x-custom") + " " + exchange.headers("X-Multi") + " "
                    + exchange.headerEntries().get(0).getKey()).getBytes(StandardCharsets.UTF_8));
        });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("PUT /info HTTP/1.1\r\nHost: x\r\nX-Custom: v\r\nX-Multi: 1\r\nx-multi: 2\r\n"
                    + "Content-Length: 3\r\n\r\nabc");
            RawResponse sized = connection.readResponse();
            assertThat(sized.bodyText()).isEqualTo("3 " + sized.header("x-amz-request-id") + " v [1, 2] Host");
            connection.send("PUT /info HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
            assertThat(connection.readResponse().bodyText()).startsWith("-1 ");
        }
    }
}
