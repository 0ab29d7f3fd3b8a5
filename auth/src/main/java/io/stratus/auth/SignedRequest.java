package io.stratus.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The parts of an HTTP request that SigV4 signs, exactly as they arrived.
 *
 * @param method the HTTP method, e.g. {@code PUT}
 * @param rawPath the request path as received on the wire (still percent-encoded)
 * @param rawQuery the query as received on the wire, without the leading {@code '?'}; {@code ""} if none
 * @param headers every header in arrival order; names in any case, repeated names allowed
 */
public record SignedRequest(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers) {
    public SignedRequest {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = List.copyOf(requireNonNull(headers, "headers is null"));
    }
}
