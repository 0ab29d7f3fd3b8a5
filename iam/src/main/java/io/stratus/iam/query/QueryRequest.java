package io.stratus.iam.query;

import static java.util.Objects.requireNonNull;

import io.stratus.auth.Credential;
import io.stratus.iam.IamError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One decoded query-protocol call: its parameters (form body and URL query together) and the
 * verified caller.
 *
 * @param credential the verified signing credential; null when the request was not signed
 * @param context the request's condition keys (aws:SourceIp, aws:SecureTransport)
 */
record QueryRequest(String action, Map<String, String> parameters, Credential credential, Map<String, Object> context,
        String requestId) {
    private static final int DEFAULT_MAX_ITEMS = 100;
    private static final int MAX_MAX_ITEMS = 1000;
    private static final int MAX_MARKER_LENGTH = 320;

    QueryRequest {
        requireNonNull(action, "action is null");
        parameters = Map.copyOf(parameters);
        context = Map.copyOf(context);
    }

    static Map<String, String> parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return into;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.putIfAbsent(name, value);
        }
        return into;
    }

    String optional(String name) {
        String value = parameters.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value null at '"
                    + Character.toLowerCase(name.charAt(0)) + name.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    Integer integer(String name) {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw IamError.VALIDATION_ERROR.exception("Value '" + value + "' at '" + name + "' is not a number");
        }
    }

    /** {@code MaxItems} of a List* call: 1 to 1000, 100 when absent, as IAM pages. */
    int maxItems() {
        Integer value = integer("MaxItems");
        if (value == null) {
            return DEFAULT_MAX_ITEMS;
        }
        if (value < 1 || value > MAX_MAX_ITEMS) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + value
                    + "' at 'maxItems' failed to satisfy constraint: Member must have value "
                    + (value < 1 ? "greater than or equal to 1" : "less than or equal to " + MAX_MAX_ITEMS));
        }
        return value;
    }

    /** {@code Marker} of a List* call (the previous page's Marker), or null for the first page. */
    String marker() {
        String marker = optional("Marker");
        if (marker != null && marker.length() > MAX_MARKER_LENGTH) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value at 'marker' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + MAX_MARKER_LENGTH);
        }
        return marker;
    }

    /** A list parameter such as {@code TagKeys.member.1}, {@code TagKeys.member.2}, ... */
    List<String> list(String name) {
        List<String> values = new ArrayList<>();
        for (int i = 1; parameters.containsKey(name + ".member." + i); i++) {
            values.add(parameters.get(name + ".member." + i));
        }
        return values;
    }

    /** A list of structures such as {@code Tags.member.1.Key} / {@code .Value}, as field-to-value maps. */
    List<Map<String, String>> structures(String name) {
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 1; ; i++) {
            String prefix = name + ".member." + i + ".";
            Map<String, String> item = new LinkedHashMap<>();
            parameters.forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    item.put(key.substring(prefix.length()), value);
                }
            });
            if (item.isEmpty()) {
                return items;
            }
            items.add(item);
        }
    }

    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> tag : structures("Tags")) {
            if (tag.get("Key") == null) {
                throw IamError.VALIDATION_ERROR.exception("A tag key must not be null");
            }
            tags.put(tag.get("Key"), tag.getOrDefault("Value", ""));
        }
        return tags;
    }
}
