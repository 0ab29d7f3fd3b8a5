package io.stratus.s3.support;

import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Object key rules. Keys are data: "../", "." and unicode are stored as given and never touch the
 * filesystem, so the only limits are AWS's: non-empty, at most 1,024 UTF-8 bytes.
 */
public final class ObjectKeys {
    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    public static void validate(String key) throws S3Exception {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new S3Exception(S3ErrorCode.KEY_TOO_LONG, S3ErrorCode.KEY_TOO_LONG.defaultMessage(),
                    Map.of("Size", Integer.toString(bytes), "MaxSizeAllowed", Integer.toString(MAX_KEY_BYTES)));
        }
        if (key.indexOf('\0') >= 0) {
            // AWS accepts most control characters but a NUL cannot round-trip through XML listings
            // or many clients' C strings; refuse it up front rather than store an unlistable key.
            throw new S3Exception(S3ErrorCode.INVALID_URI, "Object key must not contain a NUL character.");
        }
    }
}
