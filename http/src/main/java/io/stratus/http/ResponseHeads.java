package io.stratus.http;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.stratus.core.util.HttpDates;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds response heads. The server owns framing (Content-Length, Connection, Transfer-Encoding)
 * and the headers every response carries (x-amz-request-id, x-amz-id-2, Date, Server): values a
 * handler passes for those names are dropped, so a handler cannot desynchronise the connection.
 */
final class ResponseHeads {
    static final String REQUEST_ID = "x-amz-request-id";
    static final String HOST_ID = "x-amz-id-2";

    private static final Set<String> RESERVED = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", REQUEST_ID, HOST_ID, "date", "server");

    /** The Date header of the current second, made once per second rather than once per response. */
    private record DateHeader(long epochSecond, String value) {}

    /** How the response is framed on the connection. */
    record Framing(HttpVersion version, long contentLength, boolean close) {}

    private final Clock clock;
    private final RequestIdGenerator ids;
    private volatile DateHeader date = new DateHeader(Long.MIN_VALUE, "");

    ResponseHeads(Clock clock, RequestIdGenerator ids) {
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
    }

    HttpResponse head(int status, List<Map.Entry<String, String>> headers, String requestId, Framing framing) {
        HttpResponse response = new DefaultHttpResponse(framing.version(), HttpResponseStatus.valueOf(status));
        fill(response.headers(), headers, requestId, framing);
        return response;
    }

    FullHttpResponse full(int status, List<Map.Entry<String, String>> headers, String requestId, Framing framing,
            ByteBuf content) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(framing.version(), HttpResponseStatus.valueOf(status), content);
        fill(response.headers(), headers, requestId, framing);
        return response;
    }

    private String date() {
        long now = clock.instant().getEpochSecond();
        DateHeader current = date;
        if (current.epochSecond() != now) {
            current = new DateHeader(now, HttpDates.format(now));
            date = current;
        }
        return current.value();
    }

    private void fill(HttpHeaders out, List<Map.Entry<String, String>> given, String requestId, Framing framing) {
        out.set(REQUEST_ID, requestId);
        out.set(HOST_ID, ids.nextHostId());
        out.set(HttpHeaderNames.DATE, date());
        out.set(HttpHeaderNames.SERVER, "Stratus");
        for (Map.Entry<String, String> header : given) {
            if (!RESERVED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                out.add(header.getKey(), header.getValue());
            }
        }
        out.set(HttpHeaderNames.CONTENT_LENGTH, framing.contentLength());
        if (framing.close()) {
            out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (framing.version().equals(HttpVersion.HTTP_1_0)) {
            // HTTP/1.0 closes by default; say so when we keep the connection open.
            out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** The Content-Length a handler declared in its headers, or -1. Used for HEAD via respond(). */
    static long declaredContentLength(List<Map.Entry<String, String>> headers) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase("content-length")) {
                try {
                    return Long.parseLong(header.getValue().trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
