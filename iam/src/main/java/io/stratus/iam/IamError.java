package io.stratus.iam;

/** The IAM and STS error codes Stratus returns, each with its HTTP status written once, here. */
public enum IamError {
    ACCESS_DENIED("AccessDenied", 403),
    DELETE_CONFLICT("DeleteConflict", 409),
    ENTITY_ALREADY_EXISTS("EntityAlreadyExists", 409),
    EXPIRED_TOKEN("ExpiredToken", 403),
    EXPIRED_WEB_IDENTITY_TOKEN("ExpiredTokenException", 400),
    INTERNAL_FAILURE("InternalFailure", 500),
    INVALID_ACTION("InvalidAction", 400),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403),
    INVALID_IDENTITY_TOKEN("InvalidIdentityToken", 400),
    INVALID_INPUT("InvalidInput", 400),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
    LIMIT_EXCEEDED("LimitExceeded", 409),
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 403),
    NO_SUCH_ENTITY("NoSuchEntity", 404),
    PACKED_POLICY_TOO_LARGE("PackedPolicyTooLarge", 400),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
    VALIDATION_ERROR("ValidationError", 400);

    private final String code;
    private final int httpStatus;

    IamError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public IamException exception(String message) {
        return new IamException(code, httpStatus, message);
    }
}
