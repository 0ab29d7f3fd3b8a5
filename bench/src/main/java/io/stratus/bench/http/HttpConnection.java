package io.stratus.bench.http;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive HTTP/1.1 connection, used by one thread at a time: a blocking socket channel with
 * direct buffers, so a request body goes from the shared payload buffer to the socket and a
 * response body from the socket to a reused buffer without a copy on the Java heap. Nothing is
 * allocated per request but the response's ETag (when asked for) and the head bytes the caller
 * passes in. {@link #close()} may be called from another thread (the watchdog) to abort a request.
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
    private Payload lastPayload;
    private ByteBuffer payloadView;
    private int pos;
    private int lim;
    private volatile long requestStartNanos;
    private volatile boolean closed;

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
     * Sends one request and reads its whole response.
     *
     * @param head the request line and headers, ending with an empty line (ASCII)
     * @param body the payload to send {@code bodyLength} bytes of, repeated as often as needed; may be null when 0
     * @param headRequest true for HEAD (the response has no body whatever its Content-Length says)
     * @param mode what to do with a successful response's body (error bodies are always captured, bounded)
     * @return the response, valid until the next exchange on this connection
     */
    public HttpResponse exchange(byte[] head, Payload body, long bodyLength, boolean headRequest, BodyMode mode)
            throws IOException {
        requestStartNanos = System.nanoTime();
        try {
            writeRequest(head, body, bodyLength);
            readResponse(headRequest, mode);
            return response;
        } finally {
            requestStartNanos = 0;
        }
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

    private void writeRequest(byte[] head, Payload body, long bodyLength) throws IOException {
        out.clear();
        if (head.length <= out.capacity()) {
            out.put(head);
        } else {
            writeFully(ByteBuffer.wrap(head));
        }
        long remaining = bodyLength;
        if (remaining > 0) {
            if (body != lastPayload) {
                payloadView = requireNonNull(body, "body is null").view();
                lastPayload = body;
            }
            ByteBuffer chunk = payloadView;
            // A small body goes out with the head in one write.
            if (remaining <= out.remaining()) {
                chunk.clear().limit((int) remaining);
                out.put(chunk);
                remaining = 0;
            }
            flush();
            while (remaining > 0) {
                int n = (int) Math.min(remaining, chunk.capacity());
                chunk.clear().limit(n);
                writeFully(chunk);
                remaining -= n;
            }
        } else {
            flush();
        }
    }

    private void flush() throws IOException {
        out.flip();
        writeFully(out);
        out.clear();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void readResponse(boolean headRequest, BodyMode mode) throws IOException {
        response.reset(mode == BodyMode.CAPTURE_WITH_ETAG);
        int headEnd;
        int status;
        do {
            headEnd = findHeadEnd();
            status = parseHead(headEnd);
            pos = headEnd;
            // 100 Continue and other interim responses precede the real one.
        } while (status >= 100 && status < 200);
        if (headRequest || status == 204 || status == 304) {
            return;
        }
        boolean capture = mode != BodyMode.DISCARD || status >= 300;
        long captureLimit = status >= 300 ? ERROR_BODY_LIMIT : Long.MAX_VALUE;
        if (response.chunked) {
            readChunked(capture, captureLimit);
        } else if (response.contentLength >= 0) {
            consume(response.contentLength, capture, captureLimit);
        } else {
            readToEof(capture, captureLimit);
        }
        if (response.connectionClose) {
            close();
        }
    }

    /** Returns the index just past the CRLFCRLF that ends the response head, reading as needed. */
    private int findHeadEnd() throws IOException {
        while (true) {
            for (int i = pos + 3; i < lim; i++) {
                if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                    return i + 1;
                }
            }
            if (lim - pos >= MAX_HEAD) {
                throw new IOException("response head larger than " + MAX_HEAD + " bytes");
            }
            fill();
        }
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

    private void readChunked(boolean capture, long captureLimit) throws IOException {
        while (true) {
            int lineEnd = readLine();
            long size = 0;
            for (int i = pos; i < lineEnd; i++) {
                int digit = Character.digit(in.get(i), 16);
                if (digit < 0) {
                    break;
                }
                size = size * 16 + digit;
            }
            pos = lineEnd + 2;
            if (size == 0) {
                // trailers, up to the empty line
                while (true) {
                    int end = readLine();
                    boolean empty = end == pos;
                    pos = end + 2;
                    if (empty) {
                        return;
                    }
                }
            }
            consume(size, capture, captureLimit);
            int end = readLine();
            pos = end + 2;
        }
    }

    /** Returns the index of the CR of the next CRLF at or after pos, reading as needed. */
    private int readLine() throws IOException {
        while (true) {
            for (int i = pos; i + 1 < lim; i++) {
                if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                    return i;
                }
            }
            fill();
        }
    }

    private void consume(long length, boolean capture, long captureLimit) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (pos == lim) {
                pos = 0;
                lim = 0;
                fill();
            }
            int n = (int) Math.min(remaining, lim - pos);
            if (capture) {
                response.capture(in, pos, n, captureLimit);
            }
            response.bodyBytes += n;
            pos += n;
            remaining -= n;
        }
    }

    private void readToEof(boolean capture, long captureLimit) throws IOException {
        while (true) {
            if (pos == lim) {
                pos = 0;
                lim = 0;
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    close();
                    return;
                }
                lim = n;
            }
            int n = lim - pos;
            if (capture) {
                response.capture(in, pos, n, captureLimit);
            }
            response.bodyBytes += n;
            pos = lim;
        }
    }

    /** Reads more bytes after lim, first moving unread bytes to the front when the buffer is full. */
    private void fill() throws IOException {
        if (lim == in.capacity()) {
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
        if (n < 0) {
            close();
            throw new EOFException("connection closed by the server");
        }
        lim += n;
    }

    private int lineEnd(int from, int to) throws IOException {
        for (int i = from; i + 1 < to; i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                return i;
            }
        }
        throw new IOException("malformed response head");
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
