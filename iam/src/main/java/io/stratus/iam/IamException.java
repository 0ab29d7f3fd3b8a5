package io.stratus.iam;

/**
 * An IAM or STS error as the query protocol reports it: the AWS code, HTTP status and message;
 * status 5xx is a Receiver fault, everything else a Sender fault.
 */
public final class IamException extends RuntimeException {
    private final String code;
    private final int httpStatus;

    public IamException(String code, int httpStatus, String message) {
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

    public String faultType() {
        return httpStatus >= 500 ? "Receiver" : "Sender";
    }
}
