package io.stratus.iam.oidc;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.stratus.iam.IamError;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies OIDC ID tokens: the signature against the issuer's JWKS (RSA and EC algorithms), then
 * {@code iss} (exact), {@code aud} (one of the configured client ids), {@code exp}/{@code nbf}
 * (against the injected clock) and that {@code sub} is present. Thread-safe.
 */
public final class WebIdentityVerifier {
    /** The claims of a verified token that STS reports and trust policies test. */
    public record Identity(String subject, String audience, String issuer) {}

    private final WebIdentityConfig config;
    private final JWKSource<SecurityContext> keys;
    private final Clock clock;

    public WebIdentityVerifier(WebIdentityConfig config, JWKSource<SecurityContext> keys, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Fetches (and caches) the issuer's keys from its JWKS URL. */
    public static WebIdentityVerifier remote(WebIdentityConfig config, Clock clock) {
        try {
            return new WebIdentityVerifier(config, JWKSourceBuilder.<SecurityContext>create(config.jwksUrl().toURL())
                    .build(), clock);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("STRATUS_OIDC_JWKS_URL is not a URL: " + config.jwksUrl(), e);
        }
    }

    public WebIdentityConfig config() {
        return config;
    }

    /**
     * @throws io.stratus.iam.IamException InvalidIdentityToken (bad signature, issuer, audience,
     *     malformed) or ExpiredTokenException
     */
    public Identity verify(String token) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
                JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null,
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(), new HashSet<>(List.of("sub", "exp"))) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        });
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (BadJWTException e) {
            if (e.getMessage() != null && e.getMessage().contains("Expired")) {
                throw IamError.EXPIRED_WEB_IDENTITY_TOKEN.exception("Token expired");
            }
            throw IamError.INVALID_IDENTITY_TOKEN.exception("The web identity token is not valid: " + e.getMessage());
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw IamError.INVALID_IDENTITY_TOKEN.exception("The web identity token is not valid: " + e.getMessage());
        }
        String audience = claims.getAudience().stream().filter(config.audiences()::contains).findFirst()
                .orElseThrow(() -> IamError.INVALID_IDENTITY_TOKEN.exception(
                        "Incorrect token audience " + claims.getAudience()));
        return new Identity(claims.getSubject(), audience, claims.getIssuer());
    }
}
