package io.stratus.bench.http;

import static java.util.Objects.requireNonNull;

import io.stratus.bench.http.HttpConnection.BodyMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The response side of one {@link HttpConnection}: a reused direct read buffer and a parser that
 * takes bytes as they arrive (head, then a Content-Length body, chunks and trailers, or a body up
 * to end of stream) and can stop at any byte and resume when more come.
 */
final class ResponseReader {
    private static final int READ_BUFFER = 1024 * 1024;
    private static final int MAX_HEAD = 64 * 1024;
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
    private final HttpResponse response = new HttpResponse();
    /** Bytes before pos are parsed; bytes from pos to lim are read and not yet parsed. */
    private int pos;
    private int lim;
    private boolean headRequest;
    private BodyMode mode;
    private Phase phase = Phase.HEAD;
    /** Body bytes still to come (of the body or of the current chunk). */
    private long remaining;
    private boolean capture;
    private long captureLimit;

    private enum Phase { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, TO_EOF }

    /** Gets ready for the response to a new request. */
    void expect(boolean headRequest, BodyMode mode) {
        this.headRequest = headRequest;
        this.mode = requireNonNull(mode, "mode is null");
        response.reset(mode == BodyMode.CAPTURE_WITH_ETAG);
        phase = Phase.HEAD;
    }

    HttpResponse response() {
        return response;
    }

    /** True when the response's body runs to the end of the stream (it has no length). */
    boolean endsAtEof() {
        return phase == Phase.TO_EOF;
    }

    /** How many bytes the next {@link #readFrom} may read. */
    int space() {
        return in.capacity() - (pos == lim ? 0 : lim);
    }

    /** Parses the bytes between pos and lim as far as they go; true when the response is complete. */
    boolean advance() throws IOException {
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
                        remaining = Long.MAX_VALUE;
                        phase = Phase.TO_EOF;
                    }
                }
                case BODY -> {
                    consume();
                    return remaining == 0;
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
                    consume();
                    return false;
                }
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
    int readFrom(SocketChannel channel) throws IOException {
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
        return to - from == lowerName.length() && matchesIgnoreCase(from, lowerName);
    }

    private boolean containsIgnoreCase(int from, int to, String lowerWord) {
        for (int i = from; i + lowerWord.length() <= to; i++) {
            if (matchesIgnoreCase(i, lowerWord)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the ASCII bytes at {@code at} are {@code lowerWord}, whatever their case. */
    private boolean matchesIgnoreCase(int at, String lowerWord) {
        for (int j = 0; j < lowerWord.length(); j++) {
            int c = in.get(at + j);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerWord.charAt(j)) {
                return false;
            }
        }
        return true;
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
}
