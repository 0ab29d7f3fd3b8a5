package io.stratus.iam.policy;

import java.util.List;

/**
 * Condition keys whose values cost something to know, such as {@code s3:ExistingObjectTag/<key>}
 * (the object's stored tags), resolved only when a matching statement's condition asks for them:
 * a request that no policy questions about them pays nothing.
 */
@FunctionalInterface
public interface ConditionKeyResolver {
    /** Resolves nothing: every key the request does not carry eagerly is absent. */
    ConditionKeyResolver NONE = key -> null;

    /**
     * @param key the condition key as the policy writes it (names are case-insensitive)
     * @return the key's values, or null when the request does not carry it
     */
    List<String> values(String key);
}
