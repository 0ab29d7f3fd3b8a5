package io.stratus.iam.policy;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a policy is evaluated against: who asks, for which action on which resource, and the
 * condition keys of the request ({@code aws:SourceIp}, {@code s3:prefix}, ...; names are
 * case-insensitive, each key has one or more values).
 *
 * @param principalArn the caller's ARN; null for an anonymous request
 * @param principalAliases other ARNs or account ids a Principal element may name to match this caller
 *     (the account id and its root ARN, the role ARN of an assumed-role session)
 */
public record RequestContext(
        String principalArn,
        Set<String> principalAliases,
        String action,
        String resource,
        Map<String, List<String>> keys) {
    public RequestContext {
        principalAliases = Set.copyOf(requireNonNull(principalAliases, "principalAliases is null"));
        requireNonNull(action, "action is null");
        requireNonNull(resource, "resource is null");
        Map<String, List<String>> lower = new LinkedHashMap<>();
        requireNonNull(keys, "keys is null").forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        keys = Map.copyOf(lower);
    }

    public boolean anonymous() {
        return principalArn == null;
    }

    /** The values of a condition key, or null when the request does not carry it. */
    public List<String> values(String key) {
        return keys.get(key.toLowerCase(Locale.ROOT));
    }

    public RequestContext withResource(String newResource) {
        return new RequestContext(principalArn, principalAliases, action, newResource, keys);
    }
}
