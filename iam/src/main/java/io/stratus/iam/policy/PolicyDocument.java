package io.stratus.iam.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A parsed policy (identity, resource, trust or session policy) together with the JSON it came from. */
public record PolicyDocument(String version, List<Statement> statements, String json) {
    public PolicyDocument {
        requireNonNull(version, "version is null");
        statements = List.copyOf(requireNonNull(statements, "statements is null"));
        requireNonNull(json, "json is null");
    }
}
