package io.stratus.bench.http;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive HTTP/1.1 connection, used by one thread at a time, with direct buffers, so a
 * request body goes from the shared payload buffer to the socket and a response body from the
 * socket to a reused buffer without a copy on the Java heap. Nothing is allocated per request but
 * the response's ETag (when asked for) and the head bytes the caller passes in.
 *
 * <p>An exchange is a small state machine (send the request, then parse the response as bytes
 * arrive), so the same connection can be driven two ways: {@link #exchange} blocks until the
 * response is in; or, after {@link #register} with a selector, {@link #begin} starts a request
 * and {@link #onWritable()} / {@link #onReadable()} move it on when the socket is ready. One
 * thread can then keep many connections busy without a thread per connection, which on a small
 * machine saves the load generator CPU and the server the wake-up of a sleeping thread per
 * response. {@link #close()} may be called from another thread (the watchdog) to abort a request.
 */
public final class HttpConnection implements Closeable {
    private static final int WRITE_BUFFER = 64 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer out = ByteBuffer.allocateDirect(WRITE_BUFFER);
    private final ResponseReader reader = new ResponseReader();
    private SelectionKey key;
    private Payload lastPayload;
    private ByteBuffer payloadView;
    private volatile long requestStartNanos;
    private volatile boolean closed;

    // the exchange in progress
    /** What is being written now: {@link #out}, the caller's head, or a payload chunk. */
    private ByteBuffer sending;
    private long bodyRemaining;
    private Phase phase = Phase.IDLE;

    private enum Phase { IDLE, SENDING, RECEIVING }

    private HttpConnection(SocketChannel channel) {
        this.channel = requireNonNull(channel, "channel is null");
    }

    public static HttpConnection open(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            return new HttpConnection(channel);
        } catch (ConnectException e) {
            channel.close();
            throw new ConnectException("cannot connect to " + address.getHostString() + ':' + address.getPort() + ": "
                    + e.getMessage());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Sends one request and reads its whole response, blocking.
     *
     * @param head the request line and headers, ending with an empty line (ASCII)
     * @param body the payload to send {@code bodyLength} bytes of, repeated as often as needed; may be null when 0
     * @param headRequest true for HEAD (the response has no body whatever its Content-Length says)
     * @param mode what to do with a successful response's body (error bodies are always captured, bounded)
     * @return the response, valid until the next exchange on this connection
     */
    public HttpResponse exchange(byte[] head, Payload body, long bodyLength, boolean headRequest, BodyMode mode)
            throws IOException {
        if (key != null) {
            throw new IllegalStateException("connection is registered with a selector");
        }
        try {
            begin(head, body, bodyLength, headRequest, mode);
            // A blocking channel writes everything it is given, so this finishes the request.
            onWritable();
            while (!onReadable()) {
                // the response is not complete yet
            }
            return reader.response();
        } finally {
            requestStartNanos = 0;
            phase = Phase.IDLE;
        }
    }

    /** Switches to non-blocking use with {@code selector}; the key's attachment is {@code attachment}. */
    public void register(Selector selector, Object attachment) throws IOException {
        channel.configureBlocking(false);
        key = channel.register(selector, 0, attachment);
    }

    /** Back to blocking use, after the selector was closed (which deregisters the channel). */
    public void unregister() throws IOException {
        if (key != null) {
            key.cancel();
            key = null;
            if (channel.isOpen()) {
                channel.configureBlocking(true);
            }
        }
    }

    /**
     * Starts a request, to be sent by {@link #onWritable()} (now, and again whenever the selector
     * says the socket takes more) and answered through {@link #onReadable()}. See {@link #exchange}
     * for the parameters.
     */
    public void begin(byte[] head, Payload body, long bodyLength, boolean headRequest, BodyMode mode) {
        if (phase != Phase.IDLE) {
            throw new IllegalStateException("an exchange is in progress: " + phase);
        }
        requestStartNanos = System.nanoTime();
        reader.expect(headRequest, mode);
        out.clear();
        bodyRemaining = bodyLength;
        if (bodyLength > 0 && body != lastPayload) {
            payloadView = requireNonNull(body, "body is null").view();
            lastPayload = body;
        }
        if (head.length <= out.capacity()) {
            out.put(head);
            // A small body goes out with the head in one write.
            if (bodyLength > 0 && bodyLength <= out.remaining()) {
                payloadView.clear().limit((int) bodyLength);
                out.put(payloadView);
                bodyRemaining = 0;
            }
            sending = out.flip();
        } else {
            sending = ByteBuffer.wrap(head);
        }
        phase = Phase.SENDING;
        interest(SelectionKey.OP_WRITE);
    }

    /**
     * Writes more of the request. Returns true once all of it is sent (the connection then waits
     * for the response), false when the socket's buffer is full.
     */
    public boolean onWritable() throws IOException {
        while (true) {
            if (sending.hasRemaining()) {
                channel.write(sending);
                if (sending.hasRemaining()) {
                    return false;
                }
            }
            if (bodyRemaining == 0) {
                phase = Phase.RECEIVING;
                interest(SelectionKey.OP_READ);
                return true;
            }
            int n = (int) Math.min(bodyRemaining, payloadView.capacity());
            sending = payloadView.clear().limit(n);
            bodyRemaining -= n;
        }
    }

    /**
     * Reads what the socket has and parses it. Returns true once the response is complete (then
     * {@link #response()} holds it and the connection is ready for the next {@link #begin}).
     */
    public boolean onReadable() throws IOException {
        if (phase != Phase.RECEIVING) {
            throw new IllegalStateException("not waiting for a response: " + phase);
        }
        while (true) {
            int space = reader.space();
            int n = reader.readFrom(channel);
            if (n < 0) {
                close();
                if (!reader.endsAtEof()) {
                    throw new EOFException("connection closed by the server");
                }
                return finished();
            }
            if (reader.advance()) {
                return finished();
            }
            // Non-blocking, a read that filled all the space it had may have left more behind: take it
            // now rather than after another trip through the selector. Blocking, the caller reads on.
            if (key == null || n < space) {
                return false;
            }
        }
    }

    /** The response of the last completed exchange. */
    public HttpResponse response() {
        return reader.response();
    }

    /** When the current request started ({@link System#nanoTime()}), or 0 when idle. */
    public long requestStartNanos() {
        return requestStartNanos;
    }

    public boolean isOpen() {
        return !closed && channel.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we are done with
        }
    }

    private boolean finished() {
        requestStartNanos = 0;
        phase = Phase.IDLE;
        interest(0);
        if (reader.response().connectionClose) {
            close();
        }
        return true;
    }

    private void interest(int ops) {
        if (key != null && key.isValid()) {
            key.interestOps(ops);
        }
    }

    /** What to do with a successful response's body. */
    public enum BodyMode {
        /** Count the bytes and drop them (object GETs). */
        DISCARD,
        /** Keep the bytes in {@link HttpResponse#body()} (XML responses). */
        CAPTURE,
        /** Keep the bytes and the ETag header (UploadPart). */
        CAPTURE_WITH_ETAG
    }
}
