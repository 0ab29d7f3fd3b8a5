package io.stratus.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.bench.http.HttpConnection.BodyMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a canned server on one keep-alive connection: framing, not S3. */
class TestHttpConnection {
    private ServerSocket server;
    private Thread serverThread;
    private final List<Long> bodiesReceived = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            serverThread.join(5000);
        }
    }

    /** Answers each request (head + Content-Length body) with the next canned response, all at once. */
    private HttpConnection serve(String... responses) throws IOException {
        return serveInPieces(Integer.MAX_VALUE, responses);
    }

    /** Answers as {@link #serve} does, each response written {@code piece} bytes at a time. */
    private HttpConnection serveInPieces(int piece, String... responses) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serverThread = new Thread(() -> {
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (String response : responses) {
                    String head = readHead(in);
                    long length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Long.parseLong(line.substring(15).trim());
                        }
                    }
                    in.readNBytes((int) length);
                    bodiesReceived.add(length);
                    byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
                    for (int from = 0; from < bytes.length; from += piece) {
                        out.write(bytes, from, Math.min(piece, bytes.length - from));
                        out.flush();
                        if (piece < bytes.length) {
                            pause(); // so that the pieces arrive one by one
                        }
                    }
                }
            } catch (IOException ignored) {
                // test over
            }
        });
        serverThread.start();
        return HttpConnection.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<Key>\r\n"
            + "6;ext=1\r\n</Key>\r\n0\r\nx-trailer: 1\r\n\r\n";
    private static final String[] CANNED = {
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789",
        CHUNKED,
        "HTTP/1.1 200 OK\r\ncontent-length: 999\r\nETag: \"abc\"\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.1 404 Not Found\r\nContent-Length: 38\r\n\r\n<Error><Code>NoSuchKey</Code></Error>\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"};

    /** One way of running an exchange on a connection: blocking, or through a selector. */
    private interface Driver {
        HttpResponse exchange(HttpConnection connection, byte[] head, Payload body, long bodyLength, boolean headRequest,
                BodyMode mode) throws IOException;
    }

    /** The canned responses' framing, whichever way the exchanges are driven. */
    private void expectCannedFraming(HttpConnection connection, Driver driver) throws IOException {
        HttpResponse response = driver.exchange(connection, get("/a"), null, 0, false, BodyMode.DISCARD);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyBytes()).isEqualTo(10);
        assertThat(response.bodyLength()).isZero();

        response = driver.exchange(connection, get("/b"), null, 0, false, BodyMode.CAPTURE);
        assertThat(response.bodyText()).isEqualTo("<Key></Key>");
        assertThat(response.count("<Key>".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);

        byte[] head = "HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        response = driver.exchange(connection, head, null, 0, true, BodyMode.CAPTURE_WITH_ETAG);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.etag()).isEqualTo("\"abc\"");

        Payload payload = Payload.random(1 << 20, 1);
        byte[] put = ("PUT /d HTTP/1.1\r\nHost: x\r\nContent-Length: " + (3 << 20) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        response = driver.exchange(connection, put, payload, 3 << 20, false, BodyMode.DISCARD);
        assertThat(response.status()).isEqualTo(204);

        response = driver.exchange(connection, get("/e"), null, 0, false, BodyMode.DISCARD);
        assertThat(response.isSuccess()).isFalse();
        assertThat(response.element("Code")).isEqualTo("NoSuchKey");

        response = driver.exchange(connection, get("/f"), null, 0, false, BodyMode.DISCARD);
        assertThat(response.bodyBytes()).isEqualTo(2);
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void framingOnOneKeepAliveConnection() throws Exception {
        try (HttpConnection connection = serve(CANNED)) {
            expectCannedFraming(connection, HttpConnection::exchange);
        }
        assertThat(bodiesReceived).containsExactly(0L, 0L, 0L, 3L << 20, 0L, 0L);
    }

    /**
     * Non-blocking, responses arrive a few bytes at a time (every parsing state has to stop and
     * resume mid-way) and the 3 MiB body fills the socket's buffer (writes stop and resume).
     */
    @Test
    void framingWhenASelectorDrivesTheConnection() throws Exception {
        try (HttpConnection connection = serveInPieces(3, CANNED); Selector selector = Selector.open()) {
            Object attachment = new Object();
            connection.register(selector, attachment);
            int[] wakeups = {0};
            expectCannedFraming(connection, (c, head, body, length, headRequest, mode) -> {
                c.begin(head, body, length, headRequest, mode);
                boolean sent = c.onWritable();
                while (true) {
                    selector.select(5000);
                    for (SelectionKey key : selector.selectedKeys()) {
                        assertThat(key.attachment()).isSameAs(attachment);
                        wakeups[0]++;
                        if (!sent) {
                            assertThat(key.isWritable()).isTrue();
                            sent = c.onWritable();
                        } else if (key.isReadable() && c.onReadable()) {
                            selector.selectedKeys().clear();
                            return c.response();
                        }
                    }
                    selector.selectedKeys().clear();
                }
            });
            // Dozens of 3-byte pieces per response: each was parsed as it came.
            assertThat(wakeups[0]).isGreaterThan(100);
        }
        assertThat(bodiesReceived).containsExactly(0L, 0L, 0L, 3L << 20, 0L, 0L);
    }

    @Test
    void aConnectionGoesBackToBlockingUseAfterItsSelectorCloses() throws Exception {
        try (HttpConnection connection = serve("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb")) {
            try (Selector selector = Selector.open()) {
                connection.register(selector, null);
                connection.begin(get("/a"), null, 0, false, BodyMode.CAPTURE);
                assertThat(connection.onWritable()).isTrue();
                boolean done = false;
                while (!done) {
                    selector.select(5000);
                    done = !selector.selectedKeys().isEmpty() && connection.onReadable();
                    selector.selectedKeys().clear();
                }
                assertThat(connection.response().bodyText()).isEqualTo("a");
                assertThatThrownBy(() -> connection.exchange(get("/x"), null, 0, false, BodyMode.DISCARD))
                        .isInstanceOf(IllegalStateException.class);
            }
            connection.unregister();
            HttpResponse response = connection.exchange(get("/b"), null, 0, false, BodyMode.CAPTURE);
            assertThat(response.bodyText()).isEqualTo("b");
        }
    }

    @Test
    void smallBodyGoesWithTheHead() throws Exception {
        try (HttpConnection connection = serve("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            byte[] put = "PUT /small HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            HttpResponse response = connection.exchange(put, Payload.random(1 << 20, 2), 4096, false, BodyMode.DISCARD);
            assertThat(response.status()).isEqualTo(200);
        }
        assertThat(bodiesReceived).containsExactly(4096L);
    }
}
