package io.stratus.bench;

import static java.util.Objects.requireNonNull;

import io.stratus.auth.Credential;
import io.stratus.auth.SigV4Signer;
import io.stratus.auth.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Builds signed HTTP/1.1 request heads (path-style, SigV4 header auth). Bodies are sent as
 * UNSIGNED-PAYLOAD, as the AWS SDKs do over TLS, so the client never hashes what it uploads; a
 * signature stays valid for minutes, so callers that repeat a request cache its head.
 */
public final class RequestHeads {
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final SigV4Signer signer;
    private final String host;

    public RequestHeads(S3Target target, Clock clock) {
        requireNonNull(target, "target is null");
        this.signer = new SigV4Signer(new Credential(target.accessKey(), target.secretKey(), "bench", null),
                target.region(), "s3", requireNonNull(clock, "clock is null"));
        this.host = target.hostHeader();
    }

    /**
     * @param rawPath already percent-encoded, e.g. {@code /bucket/key}
     * @param rawQuery already percent-encoded, without '?', or ""
     * @param contentLength sent as Content-Length when non-negative
     */
    public byte[] build(String method, String rawPath, String rawQuery, long contentLength) {
        SignedRequest signed = signer.sign(new SignedRequest(method, rawPath, rawQuery, List.of(Map.entry("Host", host))),
                UNSIGNED_PAYLOAD);
        StringBuilder head = new StringBuilder(512);
        head.append(method).append(' ').append(rawPath);
        if (!rawQuery.isEmpty()) {
            head.append('?').append(rawQuery);
        }
        head.append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> header : signed.headers()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (contentLength >= 0) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String objectPath(String bucket, String key) {
        return '/' + bucket + '/' + encode(key, true);
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters (and '/' when asked). */
    public static String encode(String value, boolean keepSlash) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
