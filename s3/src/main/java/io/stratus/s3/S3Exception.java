package io.stratus.s3;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The one error type of the S3 protocol: handlers throw it, {@link S3ErrorRenderer} renders it.
 * {@code extra} holds additional XML elements AWS includes for some errors (e.g. BucketName, Key).
 */
public class S3Exception extends Exception {
    private final String code;
    private final int httpStatus;
    private final Map<String, String> extra;

    public S3Exception(S3ErrorCode error) {
        this(error, error.defaultMessage());
    }

    public S3Exception(S3ErrorCode error, String message) {
        this(error.code(), error.httpStatus(), message, Map.of());
    }

    public S3Exception(S3ErrorCode error, String message, Map<String, String> extra) {
        this(error.code(), error.httpStatus(), message, extra);
    }

    public S3Exception(String code, int httpStatus, String message, Map<String, String> extra) {
        super(message, null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.httpStatus = httpStatus;
        this.extra = Map.copyOf(extra);
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Map<String, String> extra() {
        return extra;
    }

    public static S3Exception invalidArgument(String message, String argumentName, String argumentValue) {
        return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, message,
                Map.of("ArgumentName", argumentName, "ArgumentValue", argumentValue == null ? "" : argumentValue));
    }

    public static S3Exception invalidRequest(String message) {
        return new S3Exception(S3ErrorCode.INVALID_REQUEST, message);
    }
}
