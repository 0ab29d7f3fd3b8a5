package io.stratus.iam;

import static java.util.Objects.requireNonNull;

import io.stratus.auth.AuthError;
import io.stratus.auth.AuthException;
import io.stratus.auth.Credential;
import io.stratus.auth.CredentialLookup;
import io.stratus.iam.store.IamStore;
import io.stratus.iam.sts.SessionClaims;
import io.stratus.iam.sts.TokenSealer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Every signing key the server accepts: the root key pair, IAM users' active access keys, and
 * unexpired STS temporary keys (ASIA...). Temporary keys are verified from the session token the
 * request presents: it is sealed with authenticated encryption ({@link TokenSealer}) and carries
 * the secret, the identity and the expiry, so nothing about a session is stored or looked up.
 * Thread-safe.
 */
public final class IamCredentials implements CredentialLookup {
    private static final String TEMPORARY_PREFIX = "ASIA";

    private final Credential root;
    private final IamStore store;
    private final TokenSealer sealer;
    private final Clock clock;

    /** @param root the root key pair; its principalArn must be the account's root ARN */
    public IamCredentials(Credential root, IamStore store, TokenSealer sealer, Clock clock) {
        this.root = requireNonNull(root, "root is null");
        this.store = requireNonNull(store, "store is null");
        this.sealer = requireNonNull(sealer, "sealer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Credential root() {
        return root;
    }

    /**
     * @return empty for an unknown or inactive key, and for a temporary key presented without its
     *     token (S3 answers InvalidAccessKeyId then, as AWS does)
     * @throws AuthException InvalidToken (400) for a token that does not unseal (forged, altered,
     *     sealed with another key) or that belongs to another access key id; ExpiredToken (400) for
     *     a token past its expiration
     */
    @Override
    public Optional<Credential> find(String accessKeyId, String sessionToken) {
        if (accessKeyId == null) {
            return Optional.empty();
        }
        if (accessKeyId.equals(root.accessKeyId())) {
            return Optional.of(root);
        }
        if (accessKeyId.startsWith(TEMPORARY_PREFIX)) {
            return sessionToken == null ? Optional.empty() : Optional.of(temporary(accessKeyId, sessionToken));
        }
        return store.users().findAccessKey(accessKeyId)
                .filter(key -> key.status().equals("Active"))
                .flatMap(key -> store.users().findUser(key.userName()).map(user ->
                        new Credential(key.accessKeyId(), key.secretAccessKey(), user.arn(), null)));
    }

    private Credential temporary(String accessKeyId, String sessionToken) {
        SessionClaims claims = sealer.unseal(sessionToken)
                .filter(c -> sameKeyId(c.accessKeyId(), accessKeyId))
                .orElseThrow(() -> AuthError.INVALID_TOKEN.exception(
                        "The provided token is malformed or otherwise invalid."));
        if (clock.instant().getEpochSecond() >= claims.expiration()) {
            throw AuthError.EXPIRED_TOKEN.exception("The provided token has expired.");
        }
        return new Credential(accessKeyId, claims.secretAccessKey(), claims.principalArn(), sessionToken);
    }

    private static boolean sameKeyId(String sealed, String presented) {
        return sealed != null && MessageDigest.isEqual(sealed.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
