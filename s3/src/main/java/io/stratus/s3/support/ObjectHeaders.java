package io.stratus.s3.support;

import io.stratus.s3.xml.S3Time;
import io.stratus.storage.ObjectInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The response headers of GET and HEAD object, including response-* overrides. */
public final class ObjectHeaders {
    private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    private static final List<String[]> OVERRIDES = List.of(
            new String[] {"response-content-type", "Content-Type"},
            new String[] {"response-content-language", "Content-Language"},
            new String[] {"response-expires", "Expires"},
            new String[] {"response-cache-control", "Cache-Control"},
            new String[] {"response-content-disposition", "Content-Disposition"},
            new String[] {"response-content-encoding", "Content-Encoding"});

    private ObjectHeaders() {
    }

    /**
     * @param query decoded query parameters by name (for response-* overrides)
     */
    public static List<Map.Entry<String, String>> of(ObjectInfo info, Function<String, String> query) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        Map<String, String> system = info.metadata().system();
        h.add(Map.entry("ETag", ETags.quote(info.etag())));
        h.add(Map.entry("Last-Modified", S3Time.httpDate(info.lastModified())));
        h.add(Map.entry("Accept-Ranges", "bytes"));
        for (String[] o : OVERRIDES) {
            String headerKey = o[1].toLowerCase(java.util.Locale.ROOT);
            String value = query.apply(o[0]);
            if (value == null) {
                value = system.get(headerKey);
            }
            if (value == null && headerKey.equals("content-type")) {
                value = DEFAULT_CONTENT_TYPE;
            }
            if (value != null) {
                h.add(Map.entry(o[1], value));
            }
        }
        String storageClass = system.get(MetadataHeaders.STORAGE_CLASS);
        if (storageClass != null && !storageClass.equals("STANDARD")) {
            h.add(Map.entry("x-amz-storage-class", storageClass));
        }
        for (Map.Entry<String, String> e : info.metadata().user().entrySet()) {
            h.add(Map.entry(MetadataHeaders.USER_PREFIX + e.getKey(), e.getValue()));
        }
        if (!info.metadata().tags().isEmpty()) {
            h.add(Map.entry("x-amz-tagging-count", Integer.toString(info.metadata().tags().size())));
        }
        return h;
    }
}
