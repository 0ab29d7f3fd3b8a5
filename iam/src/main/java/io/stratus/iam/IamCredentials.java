package io.stratus.iam;

import static java.util.Objects.requireNonNull;

import io.stratus.auth.AuthException;
import io.stratus.auth.Credential;
import io.stratus.auth.CredentialLookup;
import io.stratus.iam.store.IamStore;
import io.stratus.iam.sts.SessionClaims;
import io.stratus.iam.sts.TokenSealer;
import java.time.Clock;
import java.util.Optional;

/**
 * Every signing key the server accepts: the root key pair, IAM users' active access keys, and
 * unexpired STS temporary keys (ASIA...). Thread-safe.
 */
public final class IamCredentials implements CredentialLookup {
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
     * @throws AuthException ExpiredToken (400) for a temporary key past its expiration
     */
    @Override
    public Optional<Credential> find(String accessKeyId) {
        if (accessKeyId == null) {
            return Optional.empty();
        }
        if (accessKeyId.equals(root.accessKeyId())) {
            return Optional.of(root);
        }
        if (accessKeyId.startsWith("ASIA")) {
            Optional<String> token = store.findSessionToken(accessKeyId);
            Optional<SessionClaims> claims = token.flatMap(sealer::unseal)
                    .filter(c -> c.accessKeyId().equals(accessKeyId));
            if (claims.isEmpty()) {
                return Optional.empty();
            }
            if (clock.instant().getEpochSecond() >= claims.get().expiration()) {
                throw new AuthException(IamError.EXPIRED_TOKEN.code(), IamError.EXPIRED_TOKEN.httpStatus(),
                        "The provided token has expired.");
            }
            return Optional.of(new Credential(accessKeyId, claims.get().secretAccessKey(), claims.get().principalArn(),
                    token.get()));
        }
        return store.findAccessKey(accessKeyId)
                .filter(key -> key.status().equals("Active"))
                .flatMap(key -> store.findUser(key.userName()).map(user ->
                        new Credential(key.accessKeyId(), key.secretAccessKey(), user.arn(), null)));
    }
}
