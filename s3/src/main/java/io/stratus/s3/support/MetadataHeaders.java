package io.stratus.s3.support;

import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.storage.ObjectMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads the object attributes a PUT, POST (multipart) or COPY with REPLACE carries in its headers. */
public final class MetadataHeaders {
    public static final String USER_PREFIX = "x-amz-meta-";
    public static final String STORAGE_CLASS = "storage-class";
    /** System attributes stored by lower-case header name and returned as they came. */
    public static final List<String> SYSTEM_HEADERS = List.of(
            "content-type", "content-encoding", "content-disposition", "cache-control", "content-language", "expires");
    private static final int MAX_USER_METADATA_BYTES = 2048;
    private static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA",
            "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "OUTPOSTS", "SNOW",
            "EXPRESS_ONEZONE");

    private MetadataHeaders() {
    }

    public static ObjectMetadata read(List<Map.Entry<String, String>> headers) throws S3Exception {
        Map<String, String> system = new TreeMap<>();
        Map<String, String> user = new TreeMap<>();
        int userBytes = 0;
        String tagging = null;
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            String value = h.getValue();
            if (name.startsWith(USER_PREFIX)) {
                String key = name.substring(USER_PREFIX.length());
                // Repeated headers of one name are joined with ',' as HTTP folding would.
                user.merge(key, value, (a, b) -> a + "," + b);
            } else if (SYSTEM_HEADERS.contains(name)) {
                system.put(name, value);
            } else if (name.equals("x-amz-storage-class")) {
                String storageClass = value.trim().toUpperCase(Locale.ROOT);
                if (!STORAGE_CLASSES.contains(storageClass)) {
                    throw new S3Exception(S3ErrorCode.INVALID_STORAGE_CLASS);
                }
                system.put(STORAGE_CLASS, storageClass);
            } else if (name.equals("x-amz-tagging")) {
                tagging = value;
            }
        }
        for (Map.Entry<String, String> e : user.entrySet()) {
            userBytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (userBytes > MAX_USER_METADATA_BYTES) {
            throw new S3Exception(S3ErrorCode.METADATA_TOO_LARGE, S3ErrorCode.METADATA_TOO_LARGE.defaultMessage(),
                    Map.of("Size", Integer.toString(userBytes), "MaxSizeAllowed", Integer.toString(MAX_USER_METADATA_BYTES)));
        }
        String encoding = system.get("content-encoding");
        if (encoding != null) {
            // aws-chunked is transfer framing, not a property of the stored object: S3 drops it.
            String kept = stripAwsChunked(encoding);
            if (kept.isEmpty()) {
                system.remove("content-encoding");
            } else {
                system.put("content-encoding", kept);
            }
        }
        Map<String, String> tags = tagging == null ? Map.of() : Tags.parseQueryForm(tagging);
        return new ObjectMetadata(system, user, tags);
    }

    private static String stripAwsChunked(String encoding) {
        StringBuilder kept = new StringBuilder();
        for (String part : encoding.split(",")) {
            String p = part.trim();
            if (!p.isEmpty() && !p.equalsIgnoreCase("aws-chunked")) {
                if (kept.length() > 0) {
                    kept.append(',');
                }
                kept.append(p);
            }
        }
        return kept.toString();
    }
}
