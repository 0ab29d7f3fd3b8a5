package io.stratus.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SigV2 query-string authentication, against the example in AWS's S3 SigV2 documentation. */
class TestSigV2Presigned {
    private static final Credential EXAMPLE = new Credential("AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "arn:aws:iam::000000000000:user/example", null);

    private static SigV4Authenticator at(long epochSecond) {
        return new SigV4Authenticator((id, token) -> id.equals(EXAMPLE.accessKeyId()) ? Optional.of(EXAMPLE) : Optional.empty(),
                Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC), "us-east-1");
    }

    private static SignedRequest puppy(String signature) {
        return new SignedRequest("GET", "/photos/puppy.jpg",
                "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=" + signature + "&Expires=1175139620",
                List.of(Map.entry("Host", "johnsmith.s3.amazonaws.com")));
    }

    @Test
    void verifiesTheDocumentedExample() {
        AuthContext ctx = at(1175139000).authenticate(puppy("NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D"), "s3");
        assertThat(ctx.anonymous()).isFalse();
        assertThat(ctx.presigned()).isTrue();
        assertThat(ctx.credential().accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void expiredTamperedAndUnknownKeyAreRefused() {
        assertThatThrownBy(() -> at(1175139621).authenticate(puppy("NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D"), "s3"))
                .isInstanceOfSatisfying(AuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("AccessDenied");
                    assertThat(e.getMessage()).contains("expired");
                });
        assertThatThrownBy(() -> at(1175139000).authenticate(puppy("AAAAjnDzrM%2BWFzoENXmpNDUsSn8%3D"), "s3"))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
        SignedRequest otherKey = new SignedRequest("GET", "/photos/puppy.jpg",
                "AWSAccessKeyId=AKIAOTHER&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620",
                List.of(Map.entry("Host", "johnsmith.s3.amazonaws.com")));
        assertThatThrownBy(() -> at(1175139000).authenticate(otherKey, "s3"))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("InvalidAccessKeyId"));
    }
}
