package io.stratus.storage;

import java.util.Map;

/**
 * The descriptive attributes stored with an object. {@code system} holds the standard HTTP
 * attributes by lower-case header name (content-type, content-encoding, content-disposition,
 * cache-control, content-language, expires) plus {@code storage-class}; {@code user} holds the
 * x-amz-meta-* pairs without the prefix (names lower-case); {@code tags} the object tags.
 * Maps are sorted copies (TreeMap) so stored bytes are deterministic.
 */
public record ObjectMetadata(Map<String, String> system, Map<String, String> user, Map<String, String> tags) {
    public ObjectMetadata {
        system = Map.copyOf(system);
        user = Map.copyOf(user);
        tags = Map.copyOf(tags);
    }

    public static ObjectMetadata empty() {
        return new ObjectMetadata(Map.of(), Map.of(), Map.of());
    }
}
