package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two thousand connections that send a request head a byte at a time (slowloris) or nothing at all
 * do not stop the server answering a normal client, and each is closed once the header timeout
 * after it opened has passed, trickling or not.
 */
@ExtendWith(NoLeaks.class)
class TestSlowClients {
    private static final int SLOW = 1000;
    private static final int SILENT = 1000;
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);
    private static final Route OK = Route.at("/", exchange -> exchange.respond(200, List.of(), "ok".getBytes(StandardCharsets.UTF_8)));

    /** One client connection: when it opened and when the server closed it. */
    private static final class Client {
        final SocketChannel channel;
        final boolean slow;
        final long openedNanos = System.nanoTime();
        volatile long closedNanos;

        Client(SocketChannel channel, boolean slow) {
            this.channel = channel;
            this.slow = slow;
        }
    }

    @Test
    void slowAndSilentConnectionsAreClosedAfterTheHeaderTimeoutWhileOthersAreServed() throws Exception {
        HttpServerConfig config = RunningServer.config()
                .withTimeouts(HEADER_TIMEOUT, Duration.ofSeconds(1), Duration.ofSeconds(30));
        AtomicBoolean stop = new AtomicBoolean();
        List<Client> clients = new ArrayList<>();
        try (RunningServer server = RunningServer.start(config, OK); Selector selector = Selector.open()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port);
            normalRequest(server); // warm-up: class loading and JIT are not what is measured below
            for (int i = 0; i < SLOW + SILENT; i++) {
                SocketChannel channel = SocketChannel.open(address);
                channel.configureBlocking(false);
                Client client = new Client(channel, i % 2 == 0);
                channel.register(selector, SelectionKey.OP_READ, client);
                if (client.slow) {
                    channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)));
                }
                clients.add(client);
            }
            long allOpen = System.nanoTime();
            Thread trickler = new Thread(() -> trickle(clients, stop), "slowloris");
            trickler.start();

            // A normal client is answered promptly while all 2,000 are held open.
            for (int i = 0; i < 5; i++) {
                assertThat(normalRequest(server)).as("normal request latency (ms)").isLessThan(1_500);
            }
            assertThat(awaitClosed(selector, Duration.ZERO)).as("closed before the header timeout").isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - allOpen)).as("checked while all were open")
                    .isLessThan(HEADER_TIMEOUT.toMillis());

            int closed = awaitClosed(selector, HEADER_TIMEOUT.plusSeconds(10));
            stop.set(true);
            trickler.join();
            assertThat(closed).isEqualTo(SLOW + SILENT);
            for (Client client : clients) {
                long lived = TimeUnit.NANOSECONDS.toMillis(client.closedNanos - client.openedNanos);
                // Closed by the header timeout: not before it, and not long after (trickling does not extend it).
                assertThat(lived).as(client.slow ? "slowloris connection" : "silent connection")
                        .isBetween(HEADER_TIMEOUT.toMillis() - 50, HEADER_TIMEOUT.toMillis() + 5_000);
            }
        } finally {
            stop.set(true);
            for (Client client : clients) {
                client.channel.close();
            }
        }
    }

    /** A whole request on a new connection; returns how long it took, in milliseconds. */
    private static long normalRequest(RunningServer server) throws IOException {
        long start = System.nanoTime();
        try (RawConnection normal = server.connect()) {
            normal.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(normal.readResponse().bodyText()).isEqualTo("ok");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Sends one more header byte on every slow connection every 200 ms, until told to stop. */
    private static void trickle(List<Client> clients, AtomicBoolean stop) {
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!stop.get()) {
            for (Client client : clients) {
                if (client.slow && client.closedNanos == 0) {
                    try {
                        one.clear().put((byte) 'a').flip();
                        client.channel.write(one);
                    } catch (IOException e) {
                        // closed by the server between our check and the write
                    }
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads end-of-stream (or reset) off closed connections for up to {@code wait}; returns how many closed so far. */
    private static int awaitClosed(Selector selector, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        int closed = (int) selector.keys().stream().filter(k -> ((Client) k.attachment()).closedNanos != 0).count();
        ByteBuffer sink = ByteBuffer.allocate(1024);
        while (closed < SLOW + SILENT) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            int ready = left <= 0 ? selector.selectNow() : selector.select(left);
            if (ready == 0 && left <= 0) {
                break;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                int n;
                try {
                    sink.clear();
                    n = client.channel.read(sink);
                } catch (IOException e) {
                    n = -1; // reset counts as closed
                }
                if (n < 0) {
                    client.closedNanos = System.nanoTime();
                    key.cancel();
                    closed++;
                }
            }
            selector.selectedKeys().clear();
        }
        return closed;
    }
}
