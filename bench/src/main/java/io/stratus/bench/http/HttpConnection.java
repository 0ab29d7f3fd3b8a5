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
    private static final int READ_BUFFER = 1024 * 1024;
    private static final int WRITE_BUFFER = 64 * 1024;
    private static final int MAX_HEAD = 64 * 1024;
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
    private final ByteBuffer out = ByteBuffer.allocateDirect(WRITE_BUFFER);
    private final HttpResponse response = new HttpResponse();
    private SelectionKey key;
    private Payload lastPayload;
    private ByteBuffer payloadView;
    private int pos;
    private int lim;
    private volatile long requestStartNanos;
    private volatile boolean closed;

    // the exchange in progress
    /** What is being written now: {@link #out}, the caller's head, or a payload chunk. */
    private ByteBuffer sending;
    private long bodyRemaining;
    private boolean headRequest;
    private BodyMode mode;
    private Phase phase = Phase.IDLE;
    private long remaining;
    private boolean capture;
    private long captureLimit;

    private enum Phase { IDLE, SENDING, HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, TO_EOF }

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
            return response;
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
     * Starts a request: writes as much of it as the socket takes and then waits (in the selector's
     * interest set) to write more or to read the response. See {@link #exchange} for the parameters.
     */
    public void begin(byte[] head, Payload body, long bodyLength, boolean headRequest, BodyMode mode) {
        if (phase != Phase.IDLE) {
            throw new IllegalStateException("an exchange is in progress: " + phase);
        }
        requestStartNanos = System.nanoTime();
        this.headRequest = headRequest;
        this.mode = requireNonNull(mode, "mode is null");
        response.reset(mode == BodyMode.CAPTURE_WITH_ETAG);
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
                phase = Phase.HEAD;
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
        if (phase == Phase.SENDING || phase == Phase.IDLE) {
            throw new IllegalStateException("not waiting for a response: " + phase);
        }
        while (true) {
            int space = in.capacity() - (pos == lim ? 0 : lim);
            int n = fill();
            if (n < 0) {
                if (phase != Phase.TO_EOF) {
                    close();
                    throw new EOFException("connection closed by the server");
                }
                close();
                return finished();
            }
            if (advance()) {
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
        return response;
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
        if (response.connectionClose) {
            close();
        }
        return true;
    }

    private void interest(int ops) {
        if (key != null && key.isValid()) {
            key.interestOps(ops);
        }
    }

    /** Parses the bytes between pos and lim as far as they go; true when the response is complete. */
    private boolean advance() throws IOException {
        while (true) {
            switch (phase) {
                case HEAD -> {
                    int headEnd = findHeadEnd();
                    if (headEnd < 0) {
                        return false;
                    }
                    int status = parseHead(headEnd);
                    pos = headEnd;
                    if (status >= 100 && status < 200) {
                        // 100 Continue and other interim responses precede the real one.
                        continue;
                    }
                    if (headRequest || status == 204 || status == 304) {
                        return true;
                    }
                    capture = mode != BodyMode.DISCARD || status >= 300;
                    captureLimit = status >= 300 ? ERROR_BODY_LIMIT : Long.MAX_VALUE;
                    if (response.chunked) {
                        phase = Phase.CHUNK_SIZE;
                    } else if (response.contentLength >= 0) {
                        remaining = response.contentLength;
                        phase = Phase.BODY;
                    } else {
                        phase = Phase.TO_EOF;
                    }
                }
                case BODY -> {
                    consume();
                    if (remaining > 0) {
                        return false;
                    }
                    return true;
                }
                case CHUNK_SIZE -> {
                    int lineEnd = findLineEnd(pos, lim);
                    if (lineEnd < 0) {
                        return false;
                    }
                    long size = 0;
                    for (int i = pos; i < lineEnd; i++) {
                        int digit = Character.digit(in.get(i), 16);
                        if (digit < 0) {
                            break;
                        }
                        size = size * 16 + digit;
                    }
                    pos = lineEnd + 2;
                    remaining = size;
                    phase = size == 0 ? Phase.TRAILER : Phase.CHUNK_DATA;
                }
                case CHUNK_DATA -> {
                    consume();
                    if (remaining > 0) {
                        return false;
                    }
                    phase = Phase.CHUNK_END;
                }
                case CHUNK_END, TRAILER -> {
                    int lineEnd = findLineEnd(pos, lim);
                    if (lineEnd < 0) {
                        return false;
                    }
                    boolean empty = lineEnd == pos;
                    pos = lineEnd + 2;
                    if (phase == Phase.CHUNK_END) {
                        phase = Phase.CHUNK_SIZE;
                    } else if (empty) {
                        return true;
                    }
                }
                case TO_EOF -> {
                    remaining = Long.MAX_VALUE;
                    consume();
                    return false;
                }
                default -> throw new IllegalStateException("not parsing a response: " + phase);
            }
        }
    }

    /** Takes up to {@link #remaining} body bytes of those buffered. */
    private void consume() {
        int n = (int) Math.min(remaining, lim - pos);
        if (capture) {
            response.capture(in, pos, n, captureLimit);
        }
        response.bodyBytes += n;
        pos += n;
        remaining -= n;
    }

    /** The index just past the CRLFCRLF that ends the response head, or -1 when it is not all in yet. */
    private int findHeadEnd() throws IOException {
        for (int i = pos + 3; i < lim; i++) {
            if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                return i + 1;
            }
        }
        if (lim - pos >= MAX_HEAD) {
            throw new IOException("response head larger than " + MAX_HEAD + " bytes");
        }
        return -1;
    }

    /**
     * Reads once more after lim (blocking or not, as the channel is), first reclaiming the space of
     * bytes already parsed. Returns the bytes read, 0 when none were ready, -1 at end of stream.
     */
    private int fill() throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        } else if (lim == in.capacity()) {
            if (pos == 0) {
                throw new IOException("line longer than the read buffer");
            }
            in.limit(lim).position(pos);
            in.compact();
            lim -= pos;
            pos = 0;
        }
        in.limit(in.capacity()).position(lim);
        int n = channel.read(in);
        if (n > 0) {
            lim += n;
        }
        return n;
    }
    private int parseHead(int headEnd) throws IOException {
        int lineEnd = lineEnd(pos, headEnd);
        // "HTTP/1.1 200 OK"
        if (lineEnd - pos < 12 || in.get(pos) != 'H') {
            throw new IOException("not an HTTP response");
        }
        int status = (in.get(pos + 9) - '0') * 100 + (in.get(pos + 10) - '0') * 10 + (in.get(pos + 11) - '0');
        response.status = status;
        response.contentLength = -1;
        response.chunked = false;
        response.connectionClose = false;
        int line = lineEnd + 2;
        while (line < headEnd - 2) {
            int end = lineEnd(line, headEnd);
            int colon = indexOf(line, end, (byte) ':');
            if (colon > 0) {
                int value = colon + 1;
                while (value < end && in.get(value) == ' ') {
                    value++;
                }
                int valueEnd = end;
                while (valueEnd > value && in.get(valueEnd - 1) == ' ') {
                    valueEnd--;
                }
                if (nameIs(line, colon, "content-length")) {
                    response.contentLength = parseLong(value, valueEnd);
                } else if (nameIs(line, colon, "transfer-encoding")) {
                    response.chunked = containsIgnoreCase(value, valueEnd, "chunked");
                } else if (nameIs(line, colon, "connection")) {
                    response.connectionClose = containsIgnoreCase(value, valueEnd, "close");
                } else if (response.wantEtag && nameIs(line, colon, "etag")) {
                    response.etag = ascii(value, valueEnd);
                }
            }
            line = end + 2;
        }
        return status;
    }


    /** The index of the CR of the first CRLF in [from, to), or -1. */
    private int findLineEnd(int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int lineEnd(int from, int to) throws IOException {
        int end = findLineEnd(from, to);
        if (end < 0) {
            throw new IOException("malformed response head");
        }
        return end;
    }

    private int indexOf(int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean nameIs(int from, int to, String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int c = in.get(from + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean containsIgnoreCase(int from, int to, String lowerWord) {
        outer:
        for (int i = from; i + lowerWord.length() <= to; i++) {
            for (int j = 0; j < lowerWord.length(); j++) {
                int c = in.get(i + j);
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != lowerWord.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private long parseLong(int from, int to) throws IOException {
        if (from == to) {
            throw new IOException("empty Content-Length");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = in.get(i) - '0';
            if (d < 0 || d > 9) {
                throw new IOException("bad Content-Length");
            }
            value = value * 10 + d;
        }
        return value;
    }

    private String ascii(int from, int to) {
        char[] chars = new char[to - from];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (in.get(from + i) & 0xff);
        }
        return new String(chars);
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
