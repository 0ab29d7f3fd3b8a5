package io.stratus.auth;

import static io.stratus.auth.SigV4Fixtures.EXAMPLE_CREDENTIAL;
import static io.stratus.auth.SigV4Fixtures.EXAMPLE_TIME;
import static io.stratus.auth.SigV4Fixtures.authenticatorAt;
import static io.stratus.auth.SigV4Fixtures.clockAt;
import static io.stratus.auth.SigV4Fixtures.exampleAuthenticator;
import static io.stratus.auth.SigV4Fixtures.exampleSigner;
import static io.stratus.auth.SigV4Fixtures.header;
import static io.stratus.auth.SigV4Fixtures.headers;
import static io.stratus.auth.SigV4Fixtures.lookup;
import static io.stratus.auth.SigV4Fixtures.stream;
import static io.stratus.auth.SigV4Fixtures.withHeader;
import static io.stratus.auth.SigV4Fixtures.withQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every way a request can fail authentication, with the AWS error code and HTTP status a client sees. */
class TestSigV4Errors {
    private static final String EMPTY_SHA256 = SigV4Fixtures.EMPTY_SHA256;

    private static SignedRequest signedGet() {
        return exampleSigner().sign(new SignedRequest("GET", "/bucket/key", "",
                headers("Host", "localhost:4566", "Range", "bytes=0-9")), EMPTY_SHA256);
    }

    private static SignedRequest presignedGet(Duration expires) {
        return exampleSigner().presign(new SignedRequest("GET", "/bucket/key", "",
                headers("Host", "localhost:4566")), expires);
    }

    private static void assertFails(ThrowingCallable call, String code, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(status);
        });
    }

    private static void assertRejected(SignedRequest request, String code, int status) {
        assertFails(() -> exampleAuthenticator().authenticate(request, "s3"), code, status);
    }

    private static String authorization(SignedRequest request) {
        return header(request, "Authorization").orElseThrow();
    }

    @Test
    void unknownAccessKey() {
        Credential stranger = new Credential("AKIDUNKNOWN", "whatever", null, null);
        SignedRequest request = new SigV4Signer(stranger, "us-east-1", "s3", clockAt(EXAMPLE_TIME))
                .sign(new SignedRequest("GET", "/", "", headers("Host", "localhost")), EMPTY_SHA256);

        assertRejected(request, "InvalidAccessKeyId", 403);
    }

    @Test
    void wrongSecret() {
        Credential forged = new Credential(EXAMPLE_CREDENTIAL.accessKeyId(), "not-the-secret", null, null);
        SignedRequest request = new SigV4Signer(forged, "us-east-1", "s3", clockAt(EXAMPLE_TIME))
                .sign(new SignedRequest("GET", "/", "", headers("Host", "localhost")), EMPTY_SHA256);

        assertRejected(request, "SignatureDoesNotMatch", 403);
    }

    @Test
    void tamperedSignature() {
        SignedRequest request = signedGet();
        String auth = authorization(request);
        String tampered = auth.substring(0, auth.length() - 1) + (auth.endsWith("0") ? "1" : "0");

        assertRejected(withHeader(request, "Authorization", tampered), "SignatureDoesNotMatch", 403);
    }

    @Test
    void tamperedRequestParts() {
        SignedRequest request = signedGet();

        assertRejected(withHeader(request, "Range", "bytes=0-99"), "SignatureDoesNotMatch", 403);
        assertRejected(withQuery(request, "acl"), "SignatureDoesNotMatch", 403);
        assertRejected(new SignedRequest("DELETE", request.rawPath(), "", request.headers()), "SignatureDoesNotMatch", 403);
        assertRejected(new SignedRequest("GET", "/bucket/other", "", request.headers()), "SignatureDoesNotMatch", 403);
    }

    @Test
    void signedHeaderMissingFromRequest() {
        SignedRequest request = signedGet();
        SignedRequest withoutRange = new SignedRequest("GET", request.rawPath(), "", request.headers().stream()
                .filter(h -> !h.getKey().equals("Range")).toList());

        assertRejected(withoutRange, "SignatureDoesNotMatch", 403);
    }

    @Test
    void unsignedAmzHeaderIsRefused() {
        assertRejected(withHeader(signedGet(), "x-amz-acl", "public-read"), "AccessDenied", 403);
    }

    @Test
    void hostMustBeSigned() {
        SignedRequest request = new SignedRequest("GET", "/", "", headers(
                "Host", "localhost",
                "x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", EMPTY_SHA256,
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=x-amz-content-sha256;x-amz-date,Signature=" + "0".repeat(64)));

        assertRejected(request, "AccessDenied", 403);
    }

    @Test
    void clockSkewBeyondFifteenMinutes() {
        SignedRequest request = signedGet();

        assertFails(() -> authenticatorAt(EXAMPLE_TIME.plusSeconds(16 * 60)).authenticate(request, "s3"),
                "RequestTimeTooSkewed", 403);
        assertFails(() -> authenticatorAt(EXAMPLE_TIME.minusSeconds(16 * 60)).authenticate(request, "s3"),
                "RequestTimeTooSkewed", 403);
        assertThat(authenticatorAt(EXAMPLE_TIME.plusSeconds(14 * 60)).authenticate(request, "s3").anonymous()).isFalse();
    }

    @Test
    void missingOrInvalidDate() {
        SignedRequest request = signedGet();
        SignedRequest withoutDate = new SignedRequest("GET", request.rawPath(), "", request.headers().stream()
                .filter(h -> !h.getKey().equals("x-amz-date")).toList());

        assertFails(() -> exampleAuthenticator().authenticate(withoutDate, "s3"), "AccessDenied", 403);
        assertThatThrownBy(() -> exampleAuthenticator().authenticate(withoutDate, "s3"))
                .hasMessage("AWS authentication requires a valid Date or x-amz-date header");
        assertRejected(withHeader(request, "x-amz-date", "2013-05-24T00:00:00Z"), "AccessDenied", 403);
    }

    @Test
    void scopeDateMustMatchRequestDate() {
        SignedRequest request = signedGet();
        // Same instant on the wire, but the credential scope names another day.
        String auth = authorization(request).replace("/20130524/", "/20130523/");

        assertRejected(withHeader(request, "Authorization", auth), "AuthorizationHeaderMalformed", 400);
    }

    @Test
    void wrongRegion() {
        SignedRequest request = new SigV4Signer(EXAMPLE_CREDENTIAL, "eu-west-1", "s3", clockAt(EXAMPLE_TIME))
                .sign(new SignedRequest("GET", "/", "", headers("Host", "localhost")), EMPTY_SHA256);

        assertRejected(request, "AuthorizationHeaderMalformed", 400);
        assertThatThrownBy(() -> exampleAuthenticator().authenticate(request, "s3")).hasMessage(
                "The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'");
    }

    @Test
    void wrongService() {
        SignedRequest request = new SigV4Signer(EXAMPLE_CREDENTIAL, "us-east-1", "iam", clockAt(EXAMPLE_TIME))
                .sign(new SignedRequest("GET", "/", "", headers("Host", "localhost")), EMPTY_SHA256);

        assertRejected(request, "AuthorizationHeaderMalformed", 400);
    }

    @Test
    void otherAuthorizationSchemes() {
        SignedRequest request = signedGet();

        assertRejected(withHeader(request, "Authorization", "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="),
                "InvalidRequest", 400);
        assertThatThrownBy(() -> exampleAuthenticator().authenticate(
                withHeader(request, "Authorization", "AWS AKIAIOSFODNN7EXAMPLE:sig"), "s3"))
                .hasMessage("The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        assertRejected(withHeader(request, "Authorization", "Bearer abc"), "InvalidArgument", 400);
        // SigV2 in the query string is verified (boto3 presigns with it); an unknown key is refused.
        assertRejected(new SignedRequest("GET", "/bucket/key", "AWSAccessKeyId=AKID&Expires=1369353600&Signature=x",
                headers("Host", "localhost")), "InvalidAccessKeyId", 403);
    }

    @Test
    void malformedAuthorizationHeader() {
        SignedRequest request = signedGet();
        String auth = authorization(request);

        assertRejected(withHeader(request, "Authorization", auth.substring(0, auth.indexOf(", Signature="))),
                "AuthorizationHeaderMalformed", 400);
        assertRejected(withHeader(request, "Authorization", auth.replace("/aws4_request", "/aws5_request")),
                "AuthorizationHeaderMalformed", 400);
        assertRejected(withHeader(request, "Authorization", "AWS4-HMAC-SHA256"), "AuthorizationHeaderMalformed", 400);
    }

    @Test
    void authorizationComponentsSplitOnAnyRunOfCommasAndWhiteSpaceInAnyOrder() {
        SignedRequest request = signedGet();
        String auth = authorization(request);
        String credential = component(auth, "Credential=");
        String signedHeaders = component(auth, "SignedHeaders=");
        String signature = component(auth, "Signature=");

        for (String separator : List.of(",", ", ", " ,\t", ",\r\n ", ",,\u000b\f")) {
            String reordered = "AWS4-HMAC-SHA256 " + signature + separator + "Extra=ignored" + separator + credential
                    + separator + signedHeaders + separator;
            assertThat(exampleAuthenticator().authenticate(withHeader(request, "Authorization", reordered), "s3")
                    .anonymous()).as(separator).isFalse();
        }
        assertRejected(withHeader(request, "Authorization", auth.replace(", Signature=", ", junk, Signature=")),
                "AuthorizationHeaderMalformed", 400);
        assertRejected(withHeader(request, "Authorization", auth.replace(", Signature=", ", =x, Signature=")),
                "AuthorizationHeaderMalformed", 400);
    }

    /** The {@code name=value} component of an Authorization header, e.g. {@code Signature=abc}. */
    private static String component(String authorization, String name) {
        int start = authorization.indexOf(name);
        int end = authorization.indexOf(',', start);
        return authorization.substring(start, end < 0 ? authorization.length() : end);
    }

    @Test
    void authorizationHeaderWithoutSpacesAfterCommasIsAccepted() {
        SignedRequest request = signedGet();

        assertThat(exampleAuthenticator().authenticate(
                withHeader(request, "Authorization", authorization(request).replace(", ", ",")), "s3").anonymous())
                .isFalse();
    }

    @Test
    void contentSha256IsRequiredForS3() {
        SignedRequest request = signedGet();
        SignedRequest without = new SignedRequest("GET", request.rawPath(), "", request.headers().stream()
                .filter(h -> !h.getKey().equals("x-amz-content-sha256")).toList());

        assertRejected(without, "InvalidRequest", 400);
        assertThatThrownBy(() -> exampleAuthenticator().authenticate(without, "s3"))
                .hasMessage("Missing required header for this request: x-amz-content-sha256");
        assertRejected(withHeader(request, "x-amz-content-sha256", "STREAMING-SOMETHING-ELSE"), "InvalidArgument", 400);
    }

    @Test
    void payloadHashMismatchSurfacesAtEndOfBody() {
        SignedRequest request = exampleSigner().sign(new SignedRequest("PUT", "/bucket/key", "",
                headers("Host", "localhost")), SigV4Crypto.sha256Hex("expected body"));
        AuthContext context = exampleAuthenticator().authenticate(request, "s3");

        assertFails(() -> context.wrapBody(stream("another body".getBytes())).readAllBytes(),
                "XAmzContentSHA256Mismatch", 400);
    }

    @Test
    void sessionTokenMustMatch() {
        Credential temporary = new Credential("ASIATEMP", "secret", "arn:aws:sts::1:assumed-role/r/s", "the-token");
        SigV4Authenticator authenticator = new SigV4Authenticator(lookup(temporary), clockAt(EXAMPLE_TIME), "us-east-1");
        SigV4Signer withoutToken = new SigV4Signer(new Credential("ASIATEMP", "secret", null, null), "us-east-1", "s3",
                clockAt(EXAMPLE_TIME));
        SigV4Signer wrongToken = new SigV4Signer(new Credential("ASIATEMP", "secret", null, "other-token"), "us-east-1",
                "s3", clockAt(EXAMPLE_TIME));
        SignedRequest get = new SignedRequest("GET", "/", "", headers("Host", "localhost"));

        assertFails(() -> authenticator.authenticate(withoutToken.sign(get, EMPTY_SHA256), "s3"), "InvalidToken", 400);
        assertFails(() -> authenticator.authenticate(wrongToken.sign(get, EMPTY_SHA256), "s3"), "InvalidToken", 400);
        assertFails(() -> authenticator.authenticate(wrongToken.presign(get, Duration.ofMinutes(1)), "s3"),
                "InvalidToken", 400);
        // A long-term key presented with a token is just as invalid.
        assertRejected(new SigV4Signer(new Credential(EXAMPLE_CREDENTIAL.accessKeyId(), EXAMPLE_CREDENTIAL.secretKey(),
                null, "stray-token"), "us-east-1", "s3", clockAt(EXAMPLE_TIME)).sign(get, EMPTY_SHA256), "InvalidToken", 400);
    }

    @Test
    void headerAndPresignedTogether() {
        SignedRequest presigned = presignedGet(Duration.ofMinutes(5));

        assertRejected(withHeader(presigned, "Authorization", authorization(signedGet())), "InvalidArgument", 400);
    }

    @Test
    void presignedExpired() {
        SignedRequest request = presignedGet(Duration.ofSeconds(86400));

        assertThat(authenticatorAt(EXAMPLE_TIME.plusSeconds(86400)).authenticate(request, "s3").presigned()).isTrue();
        assertFails(() -> authenticatorAt(EXAMPLE_TIME.plusSeconds(86401)).authenticate(request, "s3"),
                "AccessDenied", 403);
        assertThatThrownBy(() -> authenticatorAt(EXAMPLE_TIME.plusSeconds(86401)).authenticate(request, "s3"))
                .hasMessage("Request has expired");
    }

    @Test
    void presignedNotYetValid() {
        SignedRequest request = presignedGet(Duration.ofHours(1));

        assertFails(() -> authenticatorAt(EXAMPLE_TIME.minusSeconds(16 * 60)).authenticate(request, "s3"),
                "AccessDenied", 403);
        // Presigned URLs are not subject to the skew check otherwise: an hour later is fine.
        assertThat(authenticatorAt(EXAMPLE_TIME.plusSeconds(3600)).authenticate(request, "s3").presigned()).isTrue();
    }

    @Test
    void tamperedPresignedParameter() {
        SignedRequest request = presignedGet(Duration.ofSeconds(3600));

        assertRejected(withQuery(request, request.rawQuery().replace("X-Amz-Expires=3600", "X-Amz-Expires=7200")),
                "SignatureDoesNotMatch", 403);
        assertRejected(withQuery(request, "versionId=1&" + request.rawQuery()), "SignatureDoesNotMatch", 403);
        String query = request.rawQuery();
        char last = query.charAt(query.length() - 1);
        assertRejected(withQuery(request, query.substring(0, query.length() - 1) + (last == '0' ? '1' : '0')),
                "SignatureDoesNotMatch", 403);
    }

    @Test
    void presignedParameterErrors() {
        String query = presignedGet(Duration.ofSeconds(3600)).rawQuery();
        SignedRequest request = presignedGet(Duration.ofSeconds(3600));

        assertRejected(withQuery(request, query.replace("X-Amz-Expires=3600", "X-Amz-Expires=604801")),
                "AuthorizationQueryParametersError", 400);
        assertThatThrownBy(() -> exampleAuthenticator().authenticate(
                withQuery(request, query.replace("X-Amz-Expires=3600", "X-Amz-Expires=604801")), "s3"))
                .hasMessage("X-Amz-Expires must be less than a week (in seconds) that is; "
                        + "the maximum expires is 604800 seconds");
        assertRejected(withQuery(request, query.replace("X-Amz-Expires=3600", "X-Amz-Expires=0")),
                "AuthorizationQueryParametersError", 400);
        assertRejected(withQuery(request, query.replace("X-Amz-Expires=3600", "X-Amz-Expires=soon")),
                "AuthorizationQueryParametersError", 400);
        assertRejected(withQuery(request, query.replace("X-Amz-Expires=3600&", "")),
                "AuthorizationQueryParametersError", 400);
        assertRejected(withQuery(request, query.replaceAll("&X-Amz-Signature=[0-9a-f]+", "")),
                "AuthorizationQueryParametersError", 400);
        assertRejected(withQuery(request, query.replace("X-Amz-Date=20130524T000000Z", "X-Amz-Date=yesterday")),
                "AuthorizationQueryParametersError", 400);
        assertRejected(withQuery(request, query.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512")),
                "AuthorizationQueryParametersError", 400);
    }

    @Test
    void presignedWrongRegionOrService() {
        SignedRequest request = presignedGet(Duration.ofSeconds(3600));

        assertRejected(withQuery(request, request.rawQuery().replace("%2Fus-east-1%2F", "%2Feu-west-1%2F")),
                "AuthorizationQueryParametersError", 400);
        assertRejected(withQuery(request, request.rawQuery().replace("%2Fs3%2F", "%2Fsts%2F")),
                "AuthorizationQueryParametersError", 400);
    }

    @Test
    void presignedUnknownAccessKey() {
        SignedRequest request = new SigV4Signer(new Credential("AKIDUNKNOWN", "x", null, null), "us-east-1", "s3",
                clockAt(EXAMPLE_TIME)).presign(new SignedRequest("GET", "/", "", headers("Host", "h")), Duration.ofMinutes(1));

        assertRejected(request, "InvalidAccessKeyId", 403);
    }

    @Test
    void signerRefusesImpossibleExpiry() {
        assertThatThrownBy(() -> presignedGet(Duration.ofDays(8))).isInstanceOf(IllegalArgumentException.class);
    }
}
