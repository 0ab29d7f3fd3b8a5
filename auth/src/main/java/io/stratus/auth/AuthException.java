package io.stratus.auth;

/**
 * An authentication failure, carrying the AWS error code and HTTP status AWS gives for it
 * (e.g. SignatureDoesNotMatch/403, InvalidAccessKeyId/403, RequestTimeTooSkewed/403,
 * AuthorizationHeaderMalformed/400, XAmzContentSHA256Mismatch/400, ExpiredToken/400,
 * AccessDenied/403). Each protocol renders it in its own error format.
 */
public class AuthException extends RuntimeException {
    private final String code;
    private final int httpStatus;

    public AuthException(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
