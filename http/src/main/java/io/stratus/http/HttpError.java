package io.stratus.http;

/**
 * The errors the HTTP layer itself answers, before or instead of a service. Each has its AWS-style
 * code, status and message written here only; {@link ErrorBody} renders them.
 */
enum HttpError {
    BAD_REQUEST(400, "BadRequest", "An error occurred when parsing the HTTP request."),
    INVALID_URI(400, "InvalidURI", "Couldn't parse the specified URI."),
    REQUEST_TIMEOUT(400, "RequestTimeout",
            "Your socket connection to the server was not read from or written to within the timeout period."
                    + " Idle connections will be closed."),
    NOT_FOUND(404, "NotFound", "The requested resource does not exist."),
    URI_TOO_LONG(414, "RequestURITooLong", "The request line exceeds the maximum allowed length."),
    // S3 answers this code with 400 Bad Request, not HTTP's 431.
    HEADERS_TOO_LARGE(400, "RequestHeaderSectionTooLarge",
            "Your request header section exceeds the maximum allowed size."),
    INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again."),
    SLOW_DOWN(503, "SlowDown", "Please reduce your request rate.");

    private final int status;
    private final String code;
    private final String message;

    HttpError(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String message() {
        return message;
    }
}
