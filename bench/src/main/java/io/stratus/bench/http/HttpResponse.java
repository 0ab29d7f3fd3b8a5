package io.stratus.bench.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The response of the last exchange on one {@link HttpConnection}: reused from request to request
 * (so that a GET allocates nothing), valid until the connection's next exchange.
 */
public final class HttpResponse {
    int status;
    long contentLength;
    boolean chunked;
    boolean connectionClose;
    boolean wantEtag;
    String etag;
    long bodyBytes;
    private byte[] body = new byte[8 * 1024];
    private int bodyLength;

    HttpResponse() {
    }

    void reset(boolean wantEtag) {
        this.wantEtag = wantEtag;
        etag = null;
        bodyBytes = 0;
        bodyLength = 0;
    }

    void capture(ByteBuffer from, int offset, int length, long limit) {
        int n = (int) Math.min(length, limit - bodyLength);
        if (n <= 0) {
            return;
        }
        if (bodyLength + n > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
        }
        from.get(offset, body, bodyLength, n);
        bodyLength += n;
    }

    public int status() {
        return status;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Bytes of body received (whether captured or discarded). */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** The ETag header, when the exchange asked for it. */
    public String etag() {
        return etag;
    }

    /** The captured body; only the first {@link #bodyLength()} bytes are meaningful. */
    public byte[] body() {
        return body;
    }

    public int bodyLength() {
        return bodyLength;
    }

    public String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    /** Occurrences of {@code marker} in the captured body, e.g. {@code <Key>} in a listing. */
    public int count(byte[] marker) {
        int count = 0;
        outer:
        for (int i = 0; i + marker.length <= bodyLength; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (body[i + j] != marker[j]) {
                    continue outer;
                }
            }
            count++;
            i += marker.length - 1;
        }
        return count;
    }

    /** The text between the first {@code <tag>} and {@code </tag>} of the captured body, or null. */
    public String element(String tag) {
        String text = bodyText();
        int start = text.indexOf('<' + tag + '>');
        if (start < 0) {
            return null;
        }
        start += tag.length() + 2;
        int end = text.indexOf("</" + tag + '>', start);
        return end < 0 ? null : text.substring(start, end);
    }
}
