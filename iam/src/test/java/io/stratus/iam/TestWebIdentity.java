package io.stratus.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stratus.auth.Credential;
import io.stratus.http.HttpMetrics;
import io.stratus.http.HttpServer;
import io.stratus.http.HttpServerConfig;
import io.stratus.iam.oidc.WebIdentityConfig;
import io.stratus.iam.oidc.WebIdentityVerifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;

/** AssumeRoleWithWebIdentity with RS256 ID tokens, verified against a JWKS, through the SDK's StsClient. */
class TestWebIdentity {
    private static final String ISSUER = "https://idp.example.com";
    private static final String ROLE_ARN = "arn:aws:iam::000000000000:role/app-user";

    @TempDir
    static Path dataDir;
    private static RSAKey signingKey;
    private static RSAKey strangerKey;
    private static Identity identity;
    private static HttpServer server;
    private static StsClient sts;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        WebIdentityConfig config = WebIdentityConfig.fromEnvironment(Map.of("STRATUS_OIDC_ISSUER", ISSUER,
                "STRATUS_OIDC_AUDIENCE", "photo-app, other-app")).orElseThrow();
        WebIdentityVerifier verifier = new WebIdentityVerifier(config,
                new ImmutableJWKSet<>(new JWKSet(signingKey.toPublicJWK())), Clock.systemUTC());
        identity = Identity.open(dataDir, new Credential("AKIATESTROOT00000001", "secret",
                "arn:aws:iam::000000000000:root", null), "000000000000", "us-east-1", Clock.systemUTC(),
                Optional.empty(), Optional.of(verifier));
        identity.store().roles().createRole("app-user", null, """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"idp.example.com"},
                 "Action":"sts:AssumeRoleWithWebIdentity",
                 "Condition":{"StringEquals":{"idp.example.com:aud":"photo-app"}}}]}""", null, null, Map.of(), null);
        identity.store().roles().putRolePolicy("app-user", "own-prefix", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::photos/*"}]}""");
        server = new HttpServer(HttpServerConfig.defaults("127.0.0.1", 0), List.of(identity.queryService()),
                new HttpMetrics());
        URI endpoint = URI.create("http://127.0.0.1:" + server.start());
        sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        if (sts != null) {
            sts.close();
        }
        if (server != null) {
            server.close();
        }
        if (identity != null) {
            identity.close();
        }
    }

    private static String token(RSAKey key, String issuer, String audience, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("user-42")
                        .issueTime(new Date()).expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String errorCode(String token) {
        try {
            sts.assumeRoleWithWebIdentity(b -> b.roleArn(ROLE_ARN).roleSessionName("web").webIdentityToken(token));
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorCode();
        }
        throw new AssertionError("expected the call to fail");
    }

    @Test
    void validTokenAssumesTheRole() throws Exception {
        String token = token(signingKey, ISSUER, "photo-app", Instant.now().plusSeconds(600));
        AssumeRoleWithWebIdentityResponse response = sts.assumeRoleWithWebIdentity(b -> b.roleArn(ROLE_ARN)
                .roleSessionName("web-user-42").webIdentityToken(token));
        assertThat(response.subjectFromWebIdentityToken()).isEqualTo("user-42");
        assertThat(response.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/app-user/web-user-42");
        Credential credential = identity.credentials().find(response.credentials().accessKeyId(),
                response.credentials().sessionToken()).orElseThrow();
        assertThat(identity.authorizer().decide(credential, "s3:PutObject", "arn:aws:s3:::photos/a", Map.of()).allowed())
                .isTrue();
        assertThat(identity.authorizer().decide(credential, "s3:PutObject", "arn:aws:s3:::other/a", Map.of()).allowed())
                .isFalse();
    }

    @Test
    void badTokensAreRefused() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        assertThat(errorCode(token(strangerKey, ISSUER, "photo-app", later))).isEqualTo("InvalidIdentityToken");
        assertThat(errorCode(token(signingKey, "https://evil.example.com", "photo-app", later)))
                .isEqualTo("InvalidIdentityToken");
        assertThat(errorCode(token(signingKey, ISSUER, "unknown-app", later))).isEqualTo("InvalidIdentityToken");
        assertThat(errorCode(token(signingKey, ISSUER, "photo-app", Instant.now().minusSeconds(3600))))
                .isEqualTo("ExpiredTokenException");
        assertThat(errorCode("not-a-jwt")).isEqualTo("InvalidIdentityToken");
        // accepted audience, but the trust policy only admits photo-app
        assertThat(errorCode(token(signingKey, ISSUER, "other-app", later))).isEqualTo("AccessDenied");
        assertThat(Set.of(identity.store().roles().listRoles(null, null, 100).items().size())).containsExactly(1);
    }
}
