package io.stratus.s3;

import io.stratus.http.HttpExchange;
import io.stratus.s3.xml.XmlWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers to answer with XML or headers only. */
public final class S3Responses {
    private S3Responses() {
    }

    public static void xml(HttpExchange exchange, int status, XmlWriter document) throws IOException {
        exchange.respond(status, List.of(Map.entry("Content-Type", "application/xml")), document.toBytes());
    }

    public static void xml(HttpExchange exchange, XmlWriter document) throws IOException {
        xml(exchange, 200, document);
    }

    public static void empty(HttpExchange exchange, int status, List<Map.Entry<String, String>> headers) throws IOException {
        exchange.respond(status, headers, new byte[0]);
    }

    public static List<Map.Entry<String, String>> headers() {
        return new ArrayList<>();
    }
}
