package io.stratus.iam.policy;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of evaluating a request against every policy that applies to it, with the reason
 * (which policy and statement decided) for logs and error messages.
 */
public record PolicyDecision(Outcome outcome, String reason) {
    public enum Outcome {
        ALLOW,
        /** A Deny statement matched: nothing can override it. */
        EXPLICIT_DENY,
        /** No Allow matched (or a session policy / permissions boundary did not allow it). */
        IMPLICIT_DENY
    }

    public PolicyDecision {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(reason, "reason is null");
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    public static PolicyDecision allow(String reason) {
        return new PolicyDecision(Outcome.ALLOW, reason);
    }

    public static PolicyDecision explicitDeny(String reason) {
        return new PolicyDecision(Outcome.EXPLICIT_DENY, reason);
    }

    public static PolicyDecision implicitDeny(String reason) {
        return new PolicyDecision(Outcome.IMPLICIT_DENY, reason);
    }
}
