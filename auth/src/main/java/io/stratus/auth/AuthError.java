package io.stratus.auth;

/**
 * The authentication errors AWS returns, each with its code and HTTP status written once, here.
 * Messages vary by cause and are supplied where the error is raised.
 */
public enum AuthError {
    ACCESS_DENIED("AccessDenied", 403),
    AUTHORIZATION_HEADER_MALFORMED("AuthorizationHeaderMalformed", 400),
    AUTHORIZATION_QUERY_PARAMETERS_ERROR("AuthorizationQueryParametersError", 400),
    EXPIRED_TOKEN("ExpiredToken", 400),
    INCOMPLETE_BODY("IncompleteBody", 400),
    INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403),
    INVALID_ARGUMENT("InvalidArgument", 400),
    INVALID_REQUEST("InvalidRequest", 400),
    INVALID_TOKEN("InvalidToken", 400),
    MALFORMED_TRAILER("MalformedTrailerError", 400),
    REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
    X_AMZ_CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400);

    private final String code;
    private final int httpStatus;

    AuthError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public AuthException exception(String message) {
        return new AuthException(code, httpStatus, message);
    }
}
