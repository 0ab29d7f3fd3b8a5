package io.stratus.iam;

import static java.util.Objects.requireNonNull;

import io.stratus.iam.policy.PolicyDocument;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who signed a request, resolved to everything the policy engine needs about them.
 *
 * @param arn the caller's ARN (for an assumed role, the assumed-role session ARN); null when anonymous
 * @param aliases other names a Principal element may use for the caller (account id, root ARN, role ARN)
 * @param identityPolicies the caller's own policies (user + groups, or role)
 * @param sessionPolicies session policies of temporary credentials; empty when none were passed
 * @param permissionsBoundary the user's or role's permissions boundary; null when it has none
 * @param keys the aws:* global condition keys that describe the caller (aws:username, aws:userid, ...)
 */
public record Caller(
        Type type,
        String arn,
        String accountId,
        Set<String> aliases,
        List<PolicyDocument> identityPolicies,
        List<PolicyDocument> sessionPolicies,
        PolicyDocument permissionsBoundary,
        Map<String, List<String>> keys) {
    public enum Type {
        ANONYMOUS,
        ROOT,
        USER,
        ROLE_SESSION,
        FEDERATED_USER
    }

    public Caller {
        requireNonNull(type, "type is null");
        aliases = Set.copyOf(aliases);
        identityPolicies = List.copyOf(identityPolicies);
        sessionPolicies = List.copyOf(sessionPolicies);
        keys = Map.copyOf(keys);
    }
}
