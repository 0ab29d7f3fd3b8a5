package io.stratus.auth;

import static io.stratus.auth.SigV4Fixtures.clockAt;
import static io.stratus.auth.SigV4Fixtures.header;
import static io.stratus.auth.SigV4Fixtures.headers;
import static io.stratus.auth.SigV4Fixtures.lookup;
import static io.stratus.auth.SigV4Fixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Services other than S3 (IAM, STS): AWS's generic SigV4 test suite vectors (service "service"),
 * where the path is URI-encoded once more and x-amz-content-sha256 is optional.
 */
class TestSigV4OtherServices {
    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final Credential SUITE_CREDENTIAL =
            new Credential("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "arn:aws:iam::1:user/suite", null);
    private static final SigV4Authenticator AUTHENTICATOR =
            new SigV4Authenticator(lookup(SUITE_CREDENTIAL), clockAt(SUITE_TIME), "us-east-1");

    private static SignedRequest suiteRequest(String method, String rawPath, String rawQuery, String signature) {
        return new SignedRequest(method, rawPath, rawQuery, headers(
                "Host", "example.amazonaws.com",
                "X-Amz-Date", "20150830T123600Z",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=" + signature));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "get-vanilla, GET, /, '', 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        "get-space, GET, /example space/, '', 652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
        "get-utf8, GET, /\u1234, '', 8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
        "get-vanilla-query-order-key-case, GET, /, Param2=value2&Param1=value1, "
                + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        "post-vanilla, POST, /, '', 5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    })
    void suiteVectorsAreAuthentic(String name, String method, String rawPath, String rawQuery, String signature) {
        AuthContext context = AUTHENTICATOR.authenticate(suiteRequest(method, rawPath, rawQuery, signature), "service");

        assertThat(context.credential()).isEqualTo(SUITE_CREDENTIAL);
        assertThat(context.payloadMode()).isEqualTo(PayloadMode.SIGNED_PAYLOAD);
    }

    @Test
    void formPostIsAuthenticWithItsBody() {
        SignedRequest request = new SignedRequest("POST", "/", "", headers(
                "Content-Type", "application/x-www-form-urlencoded",
                "Host", "example.amazonaws.com",
                "X-Amz-Date", "20150830T123600Z",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date, "
                        + "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
        byte[] body = "Param1=value1".getBytes(StandardCharsets.UTF_8);

        assertThat(AUTHENTICATOR.authenticate(request, "service", body).credential()).isEqualTo(SUITE_CREDENTIAL);
        assertThatThrownBy(() -> AUTHENTICATOR.authenticate(request, "service", "Param1=value2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void withoutContentHashTheBodyMustBeEmpty() {
        AuthContext context = AUTHENTICATOR.authenticate(
                suiteRequest("POST", "/", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
                "service");

        assertThatThrownBy(() -> context.wrapBody(stream(new byte[] {1})).readAllBytes())
                .isInstanceOfSatisfying(AuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("XAmzContentSHA256Mismatch");
                    assertThat(e.httpStatus()).isEqualTo(400);
                });
    }

    @Test
    void signerDoubleEncodesPathsOutsideS3() {
        SigV4Signer signer = new SigV4Signer(SUITE_CREDENTIAL, "us-east-1", "iam", clockAt(SUITE_TIME));
        SigV4Authenticator iam = new SigV4Authenticator(lookup(SUITE_CREDENTIAL), clockAt(SUITE_TIME), "us-east-1");
        String form = "Action=ListUsers&Version=2010-05-08";
        SignedRequest signed = signer.sign(new SignedRequest("POST", "/a%20b/", "", headers(
                "Host", "iam.amazonaws.com", "Content-Type", "application/x-www-form-urlencoded")),
                SigV4Crypto.sha256Hex(form));

        assertThat(header(signed, "Authorization").orElseThrow()).contains("/us-east-1/iam/aws4_request");
        assertThat(iam.authenticate(signed, "iam", form.getBytes(StandardCharsets.UTF_8)).anonymous()).isFalse();
    }
}
