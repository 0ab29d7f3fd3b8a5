package io.stratus.http;

import java.util.List;
import java.util.Map;

/**
 * The request line and headers, as received. {@code rawPath} and {@code rawQuery} are exactly as
 * sent (still percent-encoded; rawQuery without the '?', empty when absent) because signatures
 * are computed over the encoded form. Header lookups are case-insensitive.
 */
public interface HttpRequestHead {
    String method();

    String rawPath();

    String rawQuery();

    /** First value of the header, or null. */
    String header(String name);

    /** All values of the header, in arrival order (empty when absent). */
    List<String> headers(String name);

    /** Every header line in arrival order, names as sent. */
    List<Map.Entry<String, String>> headerEntries();

    /** The percent-decoded path (UTF-8; '+' stays '+'). */
    String path();

    /** Percent-decoded query parameters in arrival order; a bare name maps to "". */
    List<Map.Entry<String, String>> queryParameters();

    /** First decoded value of a query parameter, or null when absent. */
    String queryParameter(String name);

    default boolean hasQueryParameter(String name) {
        return queryParameter(name) != null;
    }
}
