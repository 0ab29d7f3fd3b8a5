package io.stratus.auth;

import static java.util.Objects.requireNonNull;

/**
 * A signing credential as the identity store knows it.
 *
 * @param accessKeyId the public key id, e.g. {@code AKIAIOSFODNN7EXAMPLE}
 * @param secretKey the shared secret the signature is keyed with
 * @param principalArn the identity the key belongs to; may be null on the client side (signer)
 * @param sessionToken the session token of temporary credentials, null for long-term keys
 */
public record Credential(String accessKeyId, String secretKey, String principalArn, String sessionToken) {
    public Credential {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretKey, "secretKey is null");
    }

    /** Never prints the secret or the token: credentials end up in logs through toString. */
    @Override
    public String toString() {
        return "Credential[accessKeyId=" + accessKeyId + ", principalArn=" + principalArn
                + ", secretKey=****, sessionToken=" + (sessionToken == null ? "null" : "****") + "]";
    }
}
