package io.stratus.s3.support;

import io.stratus.http.InvalidUriException;
import io.stratus.http.PercentDecoder;
import io.stratus.s3.S3Exception;

/** The x-amz-copy-source header: "bucket/key" or "/bucket/key", URL-encoded, optional "?versionId=". */
public record CopySource(String bucket, String key) {
    public static CopySource parse(String header) throws S3Exception {
        String raw = header.trim();
        int q = raw.indexOf('?');
        String versionId = null;
        if (q >= 0) {
            String query = raw.substring(q + 1);
            raw = raw.substring(0, q);
            if (query.startsWith("versionId=")) {
                versionId = query.substring("versionId=".length());
            }
        }
        String decoded;
        try {
            // Strict: invalid UTF-8 is an error, never a replacement character ("a%FF" must not
            // quietly copy from a different key); '+' stays a plus.
            decoded = PercentDecoder.decodePath(raw);
        } catch (InvalidUriException e) {
            throw S3Exception.invalidArgument("Invalid copy source encoding", "x-amz-copy-source", header);
        }
        if (decoded.startsWith("/")) {
            decoded = decoded.substring(1);
        }
        int slash = decoded.indexOf('/');
        if (slash <= 0 || slash == decoded.length() - 1) {
            throw S3Exception.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                    "x-amz-copy-source", header);
        }
        if (versionId != null && !versionId.equals("null")) {
            throw S3Exception.invalidArgument("Invalid version id specified", "x-amz-copy-source", header);
        }
        String key = decoded.substring(slash + 1);
        ObjectKeys.validate(key);
        return new CopySource(decoded.substring(0, slash), key);
    }
}
