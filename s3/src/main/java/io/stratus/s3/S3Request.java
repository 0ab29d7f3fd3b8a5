package io.stratus.s3;

import io.stratus.auth.AuthContext;
import io.stratus.http.HttpExchange;
import io.stratus.s3.support.CopySource;

/**
 * A routed, authenticated S3 request: the operation, its bucket and key (null where the operation
 * has none) and the exchange to read parameters from and answer on. {@code copySource} is the
 * parsed x-amz-copy-source of CopyObject and UploadPartCopy (parsed once, for authorisation; null
 * for other operations).
 */
public record S3Request(S3Operation operation, String bucket, String key, HttpExchange exchange, AuthContext auth,
        CopySource copySource) {
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
        return resource(bucket, key);
    }

    static String resource(String bucket, String key) {
        if (bucket == null) {
            return "/";
        }
        return key == null ? "/" + bucket : "/" + bucket + "/" + key;
    }
}
