package io.stratus.s3;

import io.stratus.auth.AuthContext;
import io.stratus.http.HttpExchange;

/**
 * A routed, authenticated S3 request: the operation, its bucket and key (null where the operation
 * has none) and the exchange to read parameters from and answer on.
 */
public record S3Request(S3Operation operation, String bucket, String key, HttpExchange exchange, AuthContext auth) {
    public String header(String name) {
        return exchange.header(name);
    }

    public String query(String name) {
        return exchange.queryParameter(name);
    }

    public boolean hasQuery(String name) {
        return exchange.hasQueryParameter(name);
    }

    /** The resource path AWS echoes in errors: /bucket or /bucket/key. */
    public String resource() {
        if (bucket == null) {
            return "/";
        }
        return key == null ? "/" + bucket : "/" + bucket + "/" + key;
    }
}
