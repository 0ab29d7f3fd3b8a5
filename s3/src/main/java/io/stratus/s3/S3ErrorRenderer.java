package io.stratus.s3;

import io.stratus.http.HttpExchange;
import io.stratus.s3.xml.XmlWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The one place an S3 error becomes a response: S3 error XML, or headers only for HEAD and 304. */
public final class S3ErrorRenderer {
    private S3ErrorRenderer() {
    }

    public static void render(HttpExchange exchange, S3Exception error, String resource) throws IOException {
        if (exchange.method().equals("HEAD") || error.httpStatus() == 304) {
            exchange.respond(error.httpStatus(), List.of(), new byte[0]);
            return;
        }
        XmlWriter xml = XmlWriter.plainDocument("Error")
                .element("Code", error.code())
                .element("Message", error.getMessage())
                .element("Resource", resource);
        for (Map.Entry<String, String> e : error.extra().entrySet()) {
            xml.element(e.getKey(), e.getValue());
        }
        xml.element("RequestId", exchange.requestId());
        exchange.respond(error.httpStatus(), List.of(Map.entry("Content-Type", "application/xml")), xml.toBytes());
    }
}
