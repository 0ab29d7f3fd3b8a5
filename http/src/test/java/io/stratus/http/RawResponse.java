package io.stratus.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A response as read off a raw socket. Header names are lower-cased. */
record RawResponse(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The Code element of an S3-style XML error body. */
    String errorCode() {
        String text = bodyText();
        int start = text.indexOf("<Code>");
        int end = text.indexOf("</Code>");
        return start < 0 || end < 0 ? null : text.substring(start + 6, end);
    }
}
