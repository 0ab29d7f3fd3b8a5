package io.stratus.s3;

import io.stratus.http.HttpRequestHead;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request head as the HTTP layer hands it to S3 (already decoded), read from fuzz input text:
 * line 1 the method, line 2 the decoded path, line 3 the decoded query ({@code name=value} pairs
 * joined by {@code &}), then {@code name: value} header lines. A value type, not a stand-in for
 * behaviour: routing and header parsing run for real on it.
 */
record FuzzedHead(String method, String path, List<Map.Entry<String, String>> queryParameters,
        List<Map.Entry<String, String>> headerEntries) implements HttpRequestHead {

    static FuzzedHead parse(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
        String method = lines[0];
        String path = lines.length > 1 ? lines[1] : "/";
        List<Map.Entry<String, String>> query = new ArrayList<>();
        if (lines.length > 2 && !lines[2].isEmpty()) {
            for (String pair : lines[2].split("&", -1)) {
                int eq = pair.indexOf('=');
                query.add(Map.entry(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1)));
            }
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()));
            }
        }
        return new FuzzedHead(method, path, List.copyOf(query), List.copyOf(headers));
    }

    @Override
    public String rawPath() {
        return path;
    }

    @Override
    public String rawQuery() {
        return "";
    }

    @Override
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headerEntries) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                values.add(h.getValue());
            }
        }
        return values;
    }

    @Override
    public String queryParameter(String name) {
        for (Map.Entry<String, String> p : queryParameters) {
            if (p.getKey().equals(name)) {
                return p.getValue();
            }
        }
        return null;
    }
}
