package io.stratus.iam.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One statement of a policy. Exactly one of actions/notActions is non-null, at most one of
 * resources/notResources (both null only in trust policies), at most one of principals/notPrincipals
 * (resource and trust policies only).
 */
public record Statement(
        String sid,
        Effect effect,
        PrincipalSpec principals,
        PrincipalSpec notPrincipals,
        List<String> actions,
        List<String> notActions,
        List<String> resources,
        List<String> notResources,
        List<Condition> conditions) {
    public Statement {
        requireNonNull(effect, "effect is null");
        conditions = List.copyOf(requireNonNull(conditions, "conditions is null"));
    }

    /**
     * One condition block entry: {@code "StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}.
     *
     * @param operator the operator as written, e.g. {@code ForAnyValue:StringLikeIfExists}
     */
    public record Condition(String operator, String key, List<String> values) {
        public Condition {
            requireNonNull(operator, "operator is null");
            requireNonNull(key, "key is null");
            values = List.copyOf(values);
        }
    }

    /**
     * A Principal element: {@code "*"} (anyone, including anonymous) or ARNs / account ids by type
     * ({@code AWS}, {@code Service}, {@code Federated}).
     */
    public record PrincipalSpec(boolean anyone, List<String> aws, List<String> services, List<String> federated) {
        public PrincipalSpec {
            aws = List.copyOf(aws);
            services = List.copyOf(services);
            federated = List.copyOf(federated);
        }
    }
}
