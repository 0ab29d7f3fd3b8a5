package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A body slower than the configured floor is cut with 400 RequestTimeout long before the body read
 * timeout, while a body at the floor or a server that is itself slow to read is left alone.
 */
@ExtendWith(NoLeaks.class)
class TestBodyRateFloor {
    /** 1,000 B/s, 300 ms grace, 1 s window; the body read timeout (30 s) is far away. */
    private static final HttpServerConfig CONFIG = RunningServer.config()
            .withBodyRateFloor(new BodyRateFloor(1000, Duration.ofMillis(300), Duration.ofSeconds(1)));

    private static Route counter(CompletableFuture<Throwable> seen, long pauseBeforeReadMillis) {
        return Route.at("/up", exchange -> {
            Thread.sleep(pauseBeforeReadMillis);
            long count = 0;
            try (InputStream body = exchange.body()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = body.read(buf)) != -1) {
                    count += n;
                }
                seen.complete(null);
            } catch (IOException e) {
                seen.complete(e);
                throw e;
            }
            exchange.respond(200, List.of(), Long.toString(count).getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void aTricklingBodyIsCutWithRequestTimeout() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (RunningServer server = RunningServer.start(CONFIG, counter(seen, 0));
                RawConnection connection = server.connect()) {
            connection.send("PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
            long start = System.nanoTime();
            // One byte every 50 ms (20 B/s): never idle long enough for any timeout, far below the floor.
            Thread trickler = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        connection.send("x");
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server cut the connection: expected
                }
            });
            trickler.start();
            RawResponse response = connection.readResponse();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            stop.set(true);
            trickler.join();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("RequestTimeout");
            assertThat(response.bodyText()).contains("<Message>Your socket connection to the server was not read from or "
                    + "written to within the timeout period. Idle connections will be closed.</Message>");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(tookMillis).as("cut by the floor, not a timeout").isBetween(250L, 5_000L);
            assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(RequestBodyTimeoutException.class)
                    .hasMessageContaining("slower than 1000 bytes/s");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aBodyAboveTheFloorIsNotCutHoweverLongItTakes() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        try (RunningServer server = RunningServer.start(CONFIG, counter(seen, 0));
                RawConnection connection = server.connect()) {
            // 150 bytes per 100 ms = 1,500 B/s for 2 s: twice the window, three times the grace.
            connection.send("PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n");
            for (int i = 0; i < 20; i++) {
                Thread.sleep(100);
                connection.send("y".repeat(150));
            }
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("3000");
            assertThat(seen.get(10, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void timeTheServerTakesIsNotChargedToTheClient() throws Exception {
        // The client sends 2,000 bytes at once; the handler only starts reading 2 s later. Averaged
        // over the request's life that is 1,000 B/s or less, but the client was never the one waited for.
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        try (RunningServer server = RunningServer.start(CONFIG, counter(seen, 2_000));
                RawConnection connection = server.connect()) {
            connection.send("PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + "z".repeat(2000));
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("2000");
            assertThat(seen.get(10, TimeUnit.SECONDS)).isNull();
        }
    }
}
