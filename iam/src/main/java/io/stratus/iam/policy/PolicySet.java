package io.stratus.iam.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Every policy that applies to one request.
 *
 * @param identityPolicies the caller's inline and attached policies (user, its groups, or the role)
 * @param resourcePolicy the resource's policy (a bucket policy), or null
 * @param sessionPolicies the inline / managed session policies of temporary credentials; empty when none
 *     were passed (then they do not restrict), otherwise the request must also be allowed by them
 * @param permissionsBoundary the caller's permissions boundary, or null
 */
public record PolicySet(
        List<PolicyDocument> identityPolicies,
        PolicyDocument resourcePolicy,
        List<PolicyDocument> sessionPolicies,
        PolicyDocument permissionsBoundary) {
    public PolicySet {
        identityPolicies = List.copyOf(requireNonNull(identityPolicies, "identityPolicies is null"));
        sessionPolicies = List.copyOf(requireNonNull(sessionPolicies, "sessionPolicies is null"));
    }

    public static PolicySet identity(List<PolicyDocument> identityPolicies) {
        return new PolicySet(identityPolicies, null, List.of(), null);
    }
}
