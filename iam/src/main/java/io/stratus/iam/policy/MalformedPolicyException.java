package io.stratus.iam.policy;

/** A policy document that is not valid policy language; the message is the reason, shown to the client. */
public final class MalformedPolicyException extends RuntimeException {
    public MalformedPolicyException(String message) {
        super(message);
    }
}
