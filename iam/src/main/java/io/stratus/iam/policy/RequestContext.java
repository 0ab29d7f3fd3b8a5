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
 * @param keys the condition keys known up front
 * @param lazyKeys the keys resolved on first use, consulted for a key {@code keys} lacks
 */
public record RequestContext(
        String principalArn,
        Set<String> principalAliases,
        String action,
        String resource,
        Map<String, List<String>> keys,
        ConditionKeyResolver lazyKeys) {
    public RequestContext {
        principalAliases = Set.copyOf(requireNonNull(principalAliases, "principalAliases is null"));
        requireNonNull(action, "action is null");
        requireNonNull(resource, "resource is null");
        Map<String, List<String>> lower = new LinkedHashMap<>();
        requireNonNull(keys, "keys is null").forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        keys = Map.copyOf(lower);
        requireNonNull(lazyKeys, "lazyKeys is null");
    }

    /** A context whose keys are all known up front. */
    public RequestContext(String principalArn, Set<String> principalAliases, String action, String resource,
            Map<String, List<String>> keys) {
        this(principalArn, principalAliases, action, resource, keys, ConditionKeyResolver.NONE);
    }

    public boolean anonymous() {
        return principalArn == null;
    }

    /** The values of a condition key, or null when the request does not carry it. */
    public List<String> values(String key) {
        List<String> values = keys.get(key.toLowerCase(Locale.ROOT));
        return values != null ? values : lazyKeys.values(key);
    }

    public RequestContext withResource(String newResource) {
        return new RequestContext(principalArn, principalAliases, action, newResource, keys, lazyKeys);
    }
}
