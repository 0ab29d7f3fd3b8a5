package io.stratus.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Renders S3-style XML error documents ({@code <Error><Code>..</Code>...</Error>}). */
final class ErrorBody {
    static final List<Map.Entry<String, String>> HEADERS = List.of(Map.entry("Content-Type", "application/xml"));

    private ErrorBody() {}

    static byte[] render(HttpError error, String requestId) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + escape(error.code())
                + "</Code><Message>" + escape(error.message())
                + "</Message><RequestId>" + escape(requestId) + "</RequestId></Error>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
