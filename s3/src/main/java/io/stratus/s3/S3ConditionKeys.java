package io.stratus.s3;

import io.stratus.http.HttpExchange;
import java.util.HashMap;
import java.util.Map;

/**
 * The request's values for policy condition keys, built in one place so that every authorisation
 * of a request (the operation itself, a copy's source, each key of DeleteObjects) sees the same.
 */
public final class S3ConditionKeys {
    private S3ConditionKeys() {
    }

    public static Map<String, Object> of(HttpExchange exchange) {
        Map<String, Object> context = new HashMap<>();
        if (exchange.remoteAddress() != null) {
            context.put("aws:SourceIp", exchange.remoteAddress().getAddress().getHostAddress());
        }
        // Stratus listens on plain HTTP; TLS terminates in front of it if at all.
        context.put("aws:SecureTransport", "false");
        for (String name : new String[] {"prefix", "delimiter", "max-keys"}) {
            String value = exchange.queryParameter(name);
            if (value != null) {
                context.put("s3:" + name, value);
            }
        }
        return context;
    }
}
