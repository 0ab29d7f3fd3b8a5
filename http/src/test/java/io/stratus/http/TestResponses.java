package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(NoLeaks.class)
class TestResponses {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void headResponseCarriesContentLengthButNoBody() throws Exception {
        Route route = Route.at("/obj", exchange -> {
            if (exchange.method().equals("HEAD")) {
                exchange.startResponse(200, List.of(Map.entry("ETag", "\"e\"")), 12345).finish();
            } else {
                exchange.respond(200, List.of(), "get-body".getBytes(StandardCharsets.UTF_8));
            }
        });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("HEAD /obj HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse head = connection.readResponse(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("12345");
            assertThat(head.header("ETag")).isEqualTo("\"e\"");
            // Had any body bytes followed the HEAD response, this would not parse as a status line.
            connection.send("GET /obj HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().bodyText()).isEqualTo("get-body");
        }
    }

    @Test
    void headViaRespondKeepsTheDeclaredLength() throws Exception {
        Route route = Route.at("/obj", exchange ->
                exchange.respond(200, List.of(Map.entry("Content-Length", "777")), new byte[0]));
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("HEAD /obj HTTP/1.1\r\nHost: x\r\n\r\nHEAD /obj HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse(true).header("Content-Length")).isEqualTo("777");
            assertThat(connection.readResponse(true).header("Content-Length")).isEqualTo("777");
        }
    }

    @Test
    void sendsALargeFileZeroCopyWithoutClosingTheChannel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1024 * 1024];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 48; i++) {
                random.nextBytes(block);
                out.write(block);
                expected.update(block);
            }
        }
        long size = Files.size(file);
        CompletableFuture<Boolean> openAfterFinish = new CompletableFuture<>();
        Route route = Route.at("/file", exchange -> {
            try (FileChannel channel = FileChannel.open(file)) {
                HttpExchange.ResponseStream stream = exchange.startResponse(200,
                        List.of(Map.entry("Content-Type", "application/octet-stream")), size);
                long half = size / 2 + 12345;
                stream.transferFile(channel, 0, half);
                stream.transferFile(channel, half, size - half);
                stream.finish();
                openAfterFinish.complete(channel.isOpen());
            }
        });
        try (RunningServer server = RunningServer.start(route)) {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(server.uri("/file")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(size);
            MessageDigest actual = MessageDigest.getInstance("SHA-256");
            long received = 0;
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = body.read(buffer)) != -1) {
                    actual.update(buffer, 0, n);
                    received += n;
                }
            }
            assertThat(received).isEqualTo(size);
            assertThat(HexFormat.of().formatHex(actual.digest())).isEqualTo(HexFormat.of().formatHex(expected.digest()));
            assertThat(openAfterFinish.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSlowButSteadyReaderOfOneLargePartIsNotTakenForAStalledOne(boolean lentBuffer, @TempDir Path dir) throws Exception {
        // The stall timeout (the body read timeout, 1 s here) is far shorter than the 3 s this reader takes
        // for one 8 MiB part (a file region, or a lent buffer): only the transport's progress reports on
        // the part keep the response alive.
        Path file = dir.resolve("region.bin");
        byte[] content = new byte[8 * 1024 * 1024];
        new Random(3).nextBytes(content);
        Files.write(file, content);
        Route route = Route.at("/file", exchange -> {
            try (FileChannel channel = FileChannel.open(file)) {
                HttpExchange.ResponseStream stream = exchange.startResponse(200, List.of(), content.length);
                if (lentBuffer) {
                    stream.writeOwned(ByteBuffer.allocateDirect(content.length).put(content).flip(), () -> { });
                } else {
                    stream.transferFile(channel, 0, content.length);
                }
                stream.finish();
            }
        });
        HttpServerConfig config = RunningServer.config()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1));
        try (RunningServer server = RunningServer.start(config, route);
                java.net.Socket socket = new java.net.Socket("127.0.0.1", server.uri("/").getPort())) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.getOutputStream().write("GET /file HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long started = System.nanoTime();
            int n;
            while ((n = in.read(buffer)) != -1) {
                received.write(buffer, 0, n);
                if (received.size() >= content.length) {
                    break;
                }
                Thread.sleep(20); // about 3 MiB/s
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
            byte[] all = received.toByteArray();
            int bodyStart = new String(all, 0, Math.min(all.length, 1024), StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
            assertThat(all.length - bodyStart).isEqualTo(content.length);
            assertThat(java.util.Arrays.copyOfRange(all, bodyStart, all.length)).isEqualTo(content);
        }
    }

    @Test
    void aLentBufferIsSentAsItIsAndReleasedOnceWritten() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 5];
        new Random(11).nextBytes(content);
        AtomicInteger releases = new AtomicInteger();
        CompletableFuture<Integer> releasesAtFinish = new CompletableFuture<>();
        Route route = Route.at("/lent", exchange -> {
            HttpExchange.ResponseStream stream = exchange.startResponse(200, List.of(), content.length + 4);
            ByteBuffer lent = ByteBuffer.allocateDirect(content.length + 100).position(50);
            lent.put(content).flip().position(50);
            stream.writeOwned(lent, releases::incrementAndGet);
            stream.writeOwned(ByteBuffer.wrap("tail".getBytes(StandardCharsets.US_ASCII)), releases::incrementAndGet);
            stream.finish();
            releasesAtFinish.complete(releases.get());
        });
        try (RunningServer server = RunningServer.start(route)) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(server.uri("/lent")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(java.util.Arrays.copyOf(response.body(), content.length)).isEqualTo(content);
            assertThat(new String(response.body(), content.length, 4, StandardCharsets.US_ASCII)).isEqualTo("tail");
            // The heap buffer is copied and given back at once; the direct one once the socket took it.
            assertThat(releasesAtFinish.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
            awaitCount(releases, 2);
        }
    }

    @Test
    void aLentBufferIsReleasedWhenTheClientGoesAway() throws Exception {
        AtomicInteger handedOver = new AtomicInteger();
        AtomicInteger releases = new AtomicInteger();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        int parts = 64;
        Route route = Route.at("/lent", exchange -> {
            HttpExchange.ResponseStream stream = exchange.startResponse(200, List.of(), parts * 1024L * 1024);
            try {
                for (int i = 0; i < parts; i++) {
                    handedOver.incrementAndGet();
                    stream.writeOwned(ByteBuffer.allocateDirect(1024 * 1024), releases::incrementAndGet);
                }
                stream.finish();
                failure.complete(null);
            } catch (IOException e) {
                failure.complete(e);
            }
        });
        try (RunningServer server = RunningServer.start(route)) {
            try (RawConnection connection = server.connect()) {
                connection.send("GET /lent HTTP/1.1\r\nHost: x\r\n\r\n");
                connection.readResponse(true); // the head only: then hang up
            }
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            // Every buffer handed over, whether written or dropped with the connection, came back once.
            assertThat(handedOver.get()).isLessThan(parts);
            awaitCount(releases, handedOver.get());
        }
    }

    private static void awaitCount(AtomicInteger counter, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(counter.get()).isEqualTo(expected);
    }

    @Test
    void respondWithALargeBodySendsEveryByte() throws Exception {
        byte[] body = new byte[5 * 1024 * 1024 + 7];
        new Random(7).nextBytes(body);
        Route route = Route.at("/big", exchange -> exchange.respond(200, List.of(), body));
        try (RunningServer server = RunningServer.start(route)) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(server.uri("/big")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.body()).isEqualTo(body);
        }
    }

    @Test
    void writesBlockWhileTheClientIsNotReading() throws Exception {
        long size = 64L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        Route route = Route.at("/stream", exchange -> {
            HttpExchange.ResponseStream stream = exchange.startResponse(200, List.of(), size);
            ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
            while (written.get() < size) {
                chunk.clear();
                stream.write(chunk);
                written.addAndGet(chunk.capacity());
            }
            stream.finish();
        });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(1000);
            // Socket buffers hold a few MiB at most; without back-pressure all 64 MiB would be queued.
            assertThat(written.get()).isLessThan(size / 2);
            RawResponse response = connection.readResponse();
            assertThat(response.body()).hasSize((int) size);
            assertThat(written.get()).isEqualTo(size);
        }
    }

    @Test
    void writingMoreThanTheDeclaredLengthFailsAndClosesTheConnection() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Route route = Route.at("/over", exchange -> {
            HttpExchange.ResponseStream stream = exchange.startResponse(200, List.of(), 4);
            try {
                stream.write(ByteBuffer.wrap("too long".getBytes(StandardCharsets.UTF_8)));
                failure.complete(null);
            } catch (IOException e) {
                failure.complete(e);
            }
        });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("GET /over HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> {
                RawResponse response = connection.readResponse();
                if (response.body().length == 4) {
                    throw new IOException("complete response: not expected");
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void finishingShortOfTheDeclaredLengthFailsAndClosesTheConnection() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Route route = Route.at("/short", exchange -> {
            HttpExchange.ResponseStream stream = exchange.startResponse(200, List.of(), 10);
            stream.write(ByteBuffer.wrap(new byte[3]));
            try {
                stream.finish();
                failure.complete(null);
            } catch (IOException e) {
                failure.complete(e);
            }
        });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("GET /short HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(connection.readLine()).startsWith("HTTP/1.1 200");
            while (!connection.readLine().isEmpty()) {
                // headers
            }
            byte[] rest = connection.socket.getInputStream().readAllBytes();
            assertThat(rest.length).isLessThan(10);
        }
    }

    @Test
    void handlerThatReturnsWithoutRespondingGets500() throws Exception {
        Route route = Route.at("/silent", exchange -> { });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("GET /silent HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.errorCode()).isEqualTo("InternalError");
            assertThat(response.bodyText()).contains("<RequestId>" + response.header("x-amz-request-id") + "</RequestId>");
            connection.send("GET /silent HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().status()).isEqualTo(500); // connection still usable
        }
    }

    @Test
    void handlerExceptionGets500WithoutItsText() throws Exception {
        Route route = Route.at("/boom", exchange -> {
            throw new IllegalStateException("secret internal detail");
        });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.errorCode()).isEqualTo("InternalError");
            assertThat(response.bodyText()).doesNotContain("secret");
        }
    }

    @Test
    void secondResponseIsRefused() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Route route = Route.at("/twice", exchange -> {
            exchange.respond(200, List.of(), new byte[0]);
            try {
                exchange.respond(200, List.of(), new byte[0]);
                failure.complete(null);
            } catch (IllegalStateException e) {
                failure.complete(e);
            }
        });
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("GET /twice HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().status()).isEqualTo(200);
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void abortTruncatesTheResponse() throws Exception {
        Route route = Route.at("/abort", exchange -> {
            HttpExchange.ResponseStream stream = exchange.startResponse(200, List.of(), 1000);
            stream.write(ByteBuffer.wrap(new byte[10]));
            stream.abort();
        });
        try (RunningServer server = RunningServer.start(route)) {
            assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(server.uri("/abort"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray()))
                    .isInstanceOf(IOException.class);
        }
    }
}
