package io.stratus.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Request headers by lower-case name, each with its values in arrival order. */
final class RequestHeaders {
    private final Map<String, List<String>> byName = new LinkedHashMap<>();

    RequestHeaders(List<Map.Entry<String, String>> headers) {
        for (Map.Entry<String, String> header : headers) {
            byName.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(header.getValue());
        }
    }

    /** The first value of a header (trimmed), or null when absent. */
    String first(String lowerCaseName) {
        List<String> values = byName.get(lowerCaseName);
        return values == null ? null : values.get(0).trim();
    }

    List<String> all(String lowerCaseName) {
        return byName.getOrDefault(lowerCaseName, List.of());
    }

    boolean contains(String lowerCaseName) {
        return byName.containsKey(lowerCaseName);
    }

    Set<String> names() {
        return byName.keySet();
    }
}
