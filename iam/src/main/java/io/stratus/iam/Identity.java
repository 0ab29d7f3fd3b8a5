package io.stratus.iam;

import static java.util.Objects.requireNonNull;

import io.stratus.auth.Credential;
import io.stratus.iam.ldap.LdapConfig;
import io.stratus.iam.oidc.WebIdentityConfig;
import io.stratus.iam.oidc.WebIdentityVerifier;
import io.stratus.iam.query.IamQueryService;
import io.stratus.iam.store.IamStore;
import io.stratus.iam.sts.TokenSealer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The identity module wired together: what the server needs from it.
 * <pre>
 *   Identity identity = Identity.open(dataDir.resolve("iam"), rootCredential, "000000000000", region, clock);
 *   new SigV4Authenticator(identity.credentials(), clock, region)   // for S3
 *   services: identity.queryService() BEFORE the S3 service
 *   S3Authorizer: identity.authorizer().decide(auth, "s3:GetObject", "arn:aws:s3:::bucket/key", context, lazyKeys)
 *   bucket policy API: identity.bucketPolicies()
 * </pre>
 */
public final class Identity implements AutoCloseable {
    private final IamStore store;
    private final TokenSealer sealer;
    private final IamCredentials credentials;
    private final IamAuthorizer authorizer;
    private final BucketPolicies bucketPolicies;
    private final IamQueryService queryService;

    private Identity(IamStore store, TokenSealer sealer, Credential root, String region, Clock clock,
            Optional<LdapConfig> ldap, Optional<WebIdentityVerifier> webIdentity) {
        this.store = store;
        this.sealer = sealer;
        this.credentials = new IamCredentials(root, store, sealer, clock);
        this.authorizer = new IamAuthorizer(store, sealer, clock);
        this.bucketPolicies = new BucketPolicies(store);
        this.queryService = new IamQueryService(store, credentials, authorizer, sealer, clock, region, ldap,
                webIdentity);
    }

    /**
     * Opens (creating on first start) the identity store in {@code directory}: RocksDB in
     * {@code directory/db}, the session-token key in {@code directory/sts-token.key}.
     *
     * @param root the root key pair; its principalArn should be {@code arn:aws:iam::<accountId>:root}
     */
    public static Identity open(Path directory, Credential root, String accountId, String region, Clock clock) {
        return open(directory, root, accountId, region, clock, Optional.empty(), Optional.empty());
    }

    /**
     * Opens with directory sign-in and web identity configured from the environment
     * ({@code STRATUS_LDAP_*}, {@code STRATUS_OIDC_*}; each off when its URL / issuer is unset).
     */
    public static Identity fromEnvironment(Path directory, Credential root, String accountId, String region,
            Clock clock, Map<String, String> env) {
        return open(directory, root, accountId, region, clock, LdapConfig.fromEnvironment(env),
                WebIdentityConfig.fromEnvironment(env).map(config -> WebIdentityVerifier.remote(config, clock)));
    }

    /**
     * Like {@link #open(Path, Credential, String, String, Clock)}, with directory sign-in
     * (AssumeRoleWithLDAPIdentity) when {@code ldap} is present and AssumeRoleWithWebIdentity when
     * {@code webIdentity} is.
     */
    public static Identity open(Path directory, Credential root, String accountId, String region, Clock clock,
            Optional<LdapConfig> ldap, Optional<WebIdentityVerifier> webIdentity) {
        requireNonNull(directory, "directory is null");
        requireNonNull(ldap, "ldap is null");
        requireNonNull(webIdentity, "webIdentity is null");
        requireNonNull(root, "root is null");
        IamStore store = new IamStore(directory.resolve("db"), accountId, clock);
        try {
            TokenSealer sealer = TokenSealer.fromKeyFile(directory.resolve("sts-token.key"));
            String rootArn = "arn:aws:iam::" + accountId + ":root";
            Credential rootCredential = rootArn.equals(root.principalArn()) ? root
                    : new Credential(root.accessKeyId(), root.secretKey(), rootArn, null);
            return new Identity(store, sealer, rootCredential, region, clock, ldap, webIdentity);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public IamStore store() {
        return store;
    }

    public TokenSealer sealer() {
        return sealer;
    }

    public IamCredentials credentials() {
        return credentials;
    }

    public IamAuthorizer authorizer() {
        return authorizer;
    }

    public BucketPolicies bucketPolicies() {
        return bucketPolicies;
    }

    public IamQueryService queryService() {
        return queryService;
    }

    @Override
    public void close() {
        store.close();
    }
}
