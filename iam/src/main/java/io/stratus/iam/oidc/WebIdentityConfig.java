package io.stratus.iam.oidc;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenID Connect issuer whose ID tokens AssumeRoleWithWebIdentity accepts.
 * From the environment: {@code STRATUS_OIDC_ISSUER} (the exact {@code iss} value),
 * {@code STRATUS_OIDC_JWKS_URL} (default {@code <issuer>/.well-known/jwks.json}) and
 * {@code STRATUS_OIDC_AUDIENCE} (comma-separated client ids; a token's {@code aud} must contain one).
 */
public record WebIdentityConfig(String issuer, URI jwksUrl, Set<String> audiences) {
    public WebIdentityConfig {
        requireNonNull(issuer, "issuer is null");
        requireNonNull(jwksUrl, "jwksUrl is null");
        audiences = Set.copyOf(audiences);
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("STRATUS_OIDC_AUDIENCE must name at least one client id");
        }
    }

    public static Optional<WebIdentityConfig> fromEnvironment(Map<String, String> env) {
        String issuer = env.get("STRATUS_OIDC_ISSUER");
        if (issuer == null || issuer.isBlank()) {
            return Optional.empty();
        }
        String jwks = env.getOrDefault("STRATUS_OIDC_JWKS_URL",
                issuer.replaceAll("/+$", "") + "/.well-known/jwks.json");
        Set<String> audiences = Arrays.stream(env.getOrDefault("STRATUS_OIDC_AUDIENCE", "").split(","))
                .map(String::trim).filter(a -> !a.isEmpty()).collect(Collectors.toSet());
        return Optional.of(new WebIdentityConfig(issuer.trim(), URI.create(jwks.trim()), audiences));
    }

    /** How trust policies name this provider: the issuer without its scheme, e.g. {@code accounts.example.com}. */
    public String providerName() {
        return issuer.replaceFirst("^https?://", "").replaceAll("/+$", "");
    }
}
