package io.stratus.bench.compare;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The cheapest possible HTTP server, for the loopback ceiling: request bodies are read and
 * dropped, object GETs are answered with {@code objectSize} bytes from one buffer in memory, no
 * signature is checked. What the bench client reaches against it is the most any server can
 * reach on this machine over loopback with the client sharing the cores.
 */
final class BlackholeServer implements AutoCloseable {
    private static final int BUFFER = 1 << 20;

    private final ServerSocketChannel server;
    private final long objectSize;
    private final ByteBuffer data = ByteBuffer.allocateDirect(BUFFER);
    private final Thread acceptor;

    private BlackholeServer(ServerSocketChannel server, long objectSize) {
        this.server = server;
        this.objectSize = objectSize;
        this.acceptor = new Thread(this::accept, "blackhole-accept");
        acceptor.setDaemon(true);
    }

    static BlackholeServer start(long objectSize) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        BlackholeServer server = new BlackholeServer(channel, objectSize);
        server.acceptor.start();
        return server;
    }

    URI endpoint() throws IOException {
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        return URI.create("http://127.0.0.1:" + address.getPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                // As every real server does: a response written in pieces must not wait on Nagle.
                connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Thread thread = new Thread(() -> serve(connection), "blackhole-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel connection) {
        ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
        ByteBuffer out = data.duplicate();
        try (connection) {
            while (true) {
                in.clear();
                int headEnd = -1;
                while (headEnd < 0) {
                    if (connection.read(in) < 0) {
                        return;
                    }
                    headEnd = headEnd(in);
                }
                byte[] headBytes = new byte[headEnd];
                in.get(0, headBytes);
                String head = new String(headBytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                long remaining = contentLength(head) - (in.position() - headEnd);
                while (remaining > 0) {
                    in.clear().limit((int) Math.min(in.capacity(), remaining));
                    int n = connection.read(in);
                    if (n < 0) {
                        return;
                    }
                    remaining -= n;
                }
                boolean object = head.contains("/obj/") || head.contains("/warmup/");
                long length = object && (head.startsWith("get ") || head.startsWith("head ")) ? objectSize : 0;
                String status = head.startsWith("delete ") ? "204 No Content" : "200 OK";
                ByteBuffer responseHead = ByteBuffer.wrap(("HTTP/1.1 " + status + "\r\nContent-Length: " + length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                long left = head.startsWith("get ") ? length : 0;
                // The head and the first piece of the body in one system call, as a small object's
                // whole response: one write per request is the least any server can do.
                out.clear().limit((int) Math.min(out.capacity(), left));
                left -= out.remaining();
                write(connection, responseHead, out);
                while (left > 0) {
                    out.clear().limit((int) Math.min(out.capacity(), left));
                    left -= out.remaining();
                    write(connection, out);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static int headEnd(ByteBuffer in) {
        for (int i = 3; i < in.position(); i++) {
            if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static long contentLength(String head) {
        int at = head.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int start = at + "\r\ncontent-length:".length();
        return Long.parseLong(head.substring(start, head.indexOf("\r\n", start)).trim());
    }

    private static void write(SocketChannel connection, ByteBuffer... buffers) throws IOException {
        while (buffers[buffers.length - 1].hasRemaining() || buffers[0].hasRemaining()) {
            connection.write(buffers);
        }
    }
}
