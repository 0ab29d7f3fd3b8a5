package io.stratus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.bench.StepExecutor.Outcome;
import io.stratus.bench.StepExecutor.RequestTask;
import io.stratus.bench.http.HttpConnection.BodyMode;
import io.stratus.bench.http.HttpResponse;
import io.stratus.bench.http.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Steps of single-request operations, driven by the event loop against a canned server: how it
 * counts, how it gets over failed requests and broken connections, and that a request the server
 * never answers ends with the request timeout instead of hanging the step.
 */
class TestEventLoopWorkers {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody";
    private static final String ERROR_BODY = "<Error><Code>SlowDown</Code><Message>x</Message></Error>";
    private static final String UNAVAILABLE = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: "
            + ERROR_BODY.length() + "\r\n\r\n" + ERROR_BODY;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** What the canned server does with the n-th request (0-based) it reads. */
    private interface Answer {
        /** The response to write, or null to leave the request unanswered; {@code close} after it, or not. */
        String respond(int n);
    }

    private ConnectionPool serve(Answer answer, boolean closeAfterEach) throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread connection = new Thread(() -> answer(socket, answer, closeAfterEach));
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return new ConnectionPool(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    }

    private void answer(Socket socket, Answer answer, boolean closeAfterEach) {
        try (socket) {
            InputStream in = socket.getInputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                    }
                }
                String response = answer.respond(requests.getAndIncrement());
                if (response == null) {
                    in.read(); // until the client gives up
                    return;
                }
                socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                if (closeAfterEach) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // the client hung up
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
    }

    /** Each worker sends {@code perWorker} PUTs of 100 bytes; a response other than 200 "body" fails the operation. */
    private static IntFunction<RequestTask> puts(int perWorker) {
        Payload payload = Payload.random(4096, 1);
        return worker -> new RequestTask() {
            private int sent;

            @Override
            public Request next() {
                if (sent == perWorker) {
                    return null;
                }
                sent++;
                byte[] head = ("PUT /b/k" + worker + "-" + sent + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
                return new Request(head, payload, 100, false, BodyMode.CAPTURE);
            }

            @Override
            public long complete(HttpResponse response) throws RequestFailedException {
                BucketCalls.require(response, "PUT", "k" + worker);
                if (!response.bodyText().equals("body")) {
                    throw new RequestFailedException("unexpected body " + response.bodyText());
                }
                return 100;
            }
        };
    }

    private static StepExecutor executor(ConnectionPool pool, Duration requestTimeout) {
        return new StepExecutor(pool, ServerProbe.none(), Progress.none(), requestTimeout, "");
    }

    @Test
    void everyWorkerRunsItsTaskToTheEndOnItsOwnConnection() throws Exception {
        try (ConnectionPool pool = serve(n -> OK, false)) {
            Outcome outcome = executor(pool, Duration.ofSeconds(10)).runRequests("PUT", 8, null, puts(50));

            assertThat(outcome.ops()).isEqualTo(400);
            assertThat(outcome.errors()).isZero();
            assertThat(outcome.bytes()).isEqualTo(400 * 100);
            assertThat(outcome.latencies().count()).isEqualTo(400);
            assertThat(requests.get()).isEqualTo(400);
            assertThat(connections.get()).isEqualTo(8);

            // The connections went back to the pool, usable for blocking exchanges again.
            executor(pool, Duration.ofSeconds(10)).run("again", 8, null, worker -> connection -> {
                return connection.isOpen() ? StepExecutor.WorkerTask.NO_MORE_WORK : 0;
            });
            assertThat(connections.get()).isEqualTo(8);
        }
    }

    @Test
    void failedRequestsAreCountedAndTheWorkGoesOn() throws Exception {
        try (ConnectionPool pool = serve(n -> n % 3 == 0 ? UNAVAILABLE : OK, false)) {
            Outcome outcome = executor(pool, Duration.ofSeconds(10)).runRequests("PUT", 4, null, puts(30));

            assertThat(outcome.ops() + outcome.errors()).isEqualTo(120);
            assertThat(outcome.errors()).isEqualTo(40);
            assertThat(outcome.firstError()).contains("HTTP 503 SlowDown");
        }
    }

    @Test
    void aWorkerWhoseConnectionBreaksReconnects() throws Exception {
        // The server closes each connection after its response without saying so.
        try (ConnectionPool pool = serve(n -> OK, true)) {
            Outcome outcome = executor(pool, Duration.ofSeconds(10)).runRequests("PUT", 2, null, puts(5));

            // Every second request finds the connection closed (an error) and the next reconnects.
            assertThat(outcome.ops()).isEqualTo(10 - outcome.errors());
            assertThat(outcome.ops()).isPositive();
            assertThat(outcome.errors()).isPositive();
            assertThat(connections.get()).isGreaterThan(2);
        }
    }

    @Test
    void aRequestTheServerNeverAnswersEndsAtTheRequestTimeout() throws Exception {
        try (ConnectionPool pool = serve(n -> null, false)) {
            long start = System.nanoTime();
            Outcome outcome = executor(pool, Duration.ofMillis(300)).runRequests("PUT", 2, Duration.ofMillis(200),
                    puts(1000));

            assertThat(outcome.ops()).isZero();
            assertThat(outcome.errors()).isEqualTo(2);
            assertThat(outcome.firstError()).contains("request timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
