package io.stratus.auth;

import static io.stratus.auth.SigV4Fixtures.EXAMPLE_TIME;
import static io.stratus.auth.SigV4Fixtures.clockAt;
import static io.stratus.auth.SigV4Fixtures.exampleAuthenticator;
import static io.stratus.auth.SigV4Fixtures.exampleSigner;
import static io.stratus.auth.SigV4Fixtures.header;
import static io.stratus.auth.SigV4Fixtures.headers;
import static io.stratus.auth.SigV4Fixtures.lookup;
import static io.stratus.auth.SigV4Fixtures.readAll;
import static io.stratus.auth.SigV4Fixtures.readByteByByte;
import static io.stratus.auth.SigV4Fixtures.readInPieces;
import static io.stratus.auth.SigV4Fixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.core.checksum.Checksummer;
import io.stratus.core.util.Hex;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Requests signed by {@link SigV4Signer} are authentic to {@link SigV4Authenticator}, in every form. */
class TestSigV4RoundTrip {
    private static final byte[] PAYLOAD = randomBytes(200_000);

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static String crc32(byte[] data) {
        Checksummer crc = ChecksumAlgorithm.CRC32.newChecksummer();
        crc.update(data);
        return crc.digestBase64();
    }

    private static SignedRequest put(String rawPath) {
        return new SignedRequest("PUT", rawPath, "", headers("Host", "localhost:4566", "Content-Type", "image/jpeg"));
    }

    @Test
    void anonymousRequestIsNotAnError() {
        SignedRequest request = new SignedRequest("GET", "/bucket/key", "versionId=3", headers("Host", "localhost"));

        AuthContext context = exampleAuthenticator().authenticate(request, "s3");

        assertThat(context.anonymous()).isTrue();
        assertThat(context.credential()).isNull();
        assertThat(context.presigned()).isFalse();
        assertThat(context.payloadMode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
        InputStream raw = stream(new byte[] {1, 2});
        assertThat(context.wrapBody(raw)).isSameAs(raw);
    }

    @Test
    void headerSignedRequestWithEncodedKeyAndQuery() {
        String rawPath = "/my-bucket/photos/2024%20summer/caf%C3%A9%2B%E2%9C%93.jpg";
        String rawQuery = "list-type=2&prefix=photos%2F2024&continuation-token=a%2Bb%3D%3D&encoding-type=url&acl";
        SignedRequest signed = exampleSigner().sign(
                new SignedRequest("GET", rawPath, rawQuery, headers("Host", "localhost:4566",
                        "x-amz-meta-note", "  two   spaces  ", "x-amz-meta-note", "second")),
                "UNSIGNED-PAYLOAD");

        AuthContext context = exampleAuthenticator().authenticate(signed, "s3");

        assertThat(context.payloadMode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
        assertThat(context.credential().principalArn()).isEqualTo("arn:aws:iam::123456789012:user/example");
    }

    @Test
    void signedPayloadStreamsThroughVerified() {
        SignedRequest signed = exampleSigner().sign(put("/bucket/blob"), SigV4Crypto.sha256Hex(PAYLOAD));

        AuthContext context = exampleAuthenticator().authenticate(signed, "s3");

        assertThat(context.payloadMode()).isEqualTo(PayloadMode.SIGNED_PAYLOAD);
        assertThat(readInPieces(context.wrapBody(stream(PAYLOAD)), 4093)).isEqualTo(PAYLOAD);
    }

    @Test
    void presignedGetAndPut() {
        SignedRequest get = exampleSigner().presign(new SignedRequest("GET", "/bucket/a%20b.txt", "versionId=7",
                headers("Host", "localhost:4566")), Duration.ofHours(1));
        SignedRequest put = exampleSigner().presign(new SignedRequest("PUT", "/bucket/upload.bin", "",
                headers("Host", "localhost:4566", "x-amz-acl", "private")), Duration.ofDays(7));

        assertThat(exampleAuthenticator().authenticate(get, "s3").presigned()).isTrue();
        AuthContext putContext = exampleAuthenticator().authenticate(put, "s3");
        assertThat(putContext.presigned()).isTrue();
        assertThat(putContext.payloadMode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
        assertThat(readAll(putContext.wrapBody(stream(PAYLOAD)))).isEqualTo(PAYLOAD);
    }

    @Test
    void temporaryCredentialsCarryTheirToken() {
        Credential temporary = new Credential("ASIAEXAMPLETEMP", "tempSecret", "arn:aws:sts::1:assumed-role/r/s",
                "FwoGZXIvYXdzEJr//////////token+with/odd=chars");
        SigV4Signer signer = new SigV4Signer(temporary, "us-east-1", "s3", clockAt(EXAMPLE_TIME));
        SigV4Authenticator authenticator =
                new SigV4Authenticator(lookup(temporary), clockAt(EXAMPLE_TIME), "us-east-1");

        SignedRequest headerSigned = signer.sign(put("/bucket/k"), "UNSIGNED-PAYLOAD");
        SignedRequest presigned = signer.presign(put("/bucket/k"), Duration.ofMinutes(5));

        assertThat(header(headerSigned, "x-amz-security-token")).hasValue(temporary.sessionToken());
        assertThat(authenticator.authenticate(headerSigned, "s3").credential()).isEqualTo(temporary);
        assertThat(presigned.rawQuery()).contains("X-Amz-Security-Token=");
        assertThat(authenticator.authenticate(presigned, "s3").credential()).isEqualTo(temporary);
    }

    @Test
    void lookupReceivesThePresentedTokenInEitherForm() {
        Credential temporary = new Credential("ASIAEXAMPLETEMP", "tempSecret", "arn:aws:sts::1:assumed-role/r/s",
                "sealed-token");
        List<String> presented = new java.util.ArrayList<>();
        // Like the identity module: the credential is rebuilt from the token alone, nothing is stored.
        CredentialLookup fromToken = (accessKeyId, sessionToken) -> {
            presented.add(sessionToken);
            return "sealed-token".equals(sessionToken) ? java.util.Optional.of(temporary) : java.util.Optional.empty();
        };
        SigV4Authenticator authenticator = new SigV4Authenticator(fromToken, clockAt(EXAMPLE_TIME), "us-east-1");
        SigV4Signer signer = new SigV4Signer(temporary, "us-east-1", "s3", clockAt(EXAMPLE_TIME));

        assertThat(authenticator.authenticate(signer.sign(put("/bucket/k"), "UNSIGNED-PAYLOAD"), "s3").credential())
                .isEqualTo(temporary);
        assertThat(authenticator.authenticate(signer.presign(put("/bucket/k"), Duration.ofMinutes(5)), "s3")
                .credential()).isEqualTo(temporary);
        assertThat(presented).containsExactly("sealed-token", "sealed-token");
    }

    @Test
    void chunkedSignedUpload() {
        StreamingUpload upload = exampleSigner().signStreaming(put("/bucket/big"), PayloadMode.STREAMING_SIGNED,
                PAYLOAD.length, List.of());
        byte[] body = upload.encoder().encode(PAYLOAD, 65536, List.of());

        AuthContext context = exampleAuthenticator().authenticate(upload.request(), "s3");

        assertThat(context.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
        assertThat(context.decodedContentLength()).isEqualTo(PAYLOAD.length);
        assertThat(readAll(context.wrapBody(stream(body)))).isEqualTo(PAYLOAD);
        assertThat(readInPieces(context.wrapBody(stream(body)), 777)).isEqualTo(PAYLOAD);
        assertThat(readByteByByte(context.wrapBody(stream(body)))).isEqualTo(PAYLOAD);
    }

    @Test
    void chunkedSignedUploadWithTrailer() {
        StreamingUpload upload = exampleSigner().signStreaming(put("/bucket/big"),
                PayloadMode.STREAMING_SIGNED_TRAILER, PAYLOAD.length, List.of("x-amz-checksum-crc32"));
        byte[] body = upload.encoder().encode(PAYLOAD, 8192,
                List.of(Map.entry("x-amz-checksum-crc32", crc32(PAYLOAD))));

        AuthContext context = exampleAuthenticator().authenticate(upload.request(), "s3");
        InputStream decoded = context.wrapBody(stream(body));

        assertThat(context.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED_TRAILER);
        assertThat(header(upload.request(), "x-amz-trailer")).hasValue("x-amz-checksum-crc32");
        assertThat(readInPieces(decoded, 10_000)).isEqualTo(PAYLOAD);
        assertThat(context.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32", crc32(PAYLOAD)));
    }

    @Test
    void unsignedChunksWithTrailerAsTheSdkSendsThem() {
        StreamingUpload upload = exampleSigner().signStreaming(put("/bucket/sdk"),
                PayloadMode.STREAMING_UNSIGNED_TRAILER, PAYLOAD.length, List.of("x-amz-checksum-crc32"));
        byte[] body = upload.encoder().encode(PAYLOAD, 65536,
                List.of(Map.entry("x-amz-checksum-crc32", crc32(PAYLOAD))));

        AuthContext context = exampleAuthenticator().authenticate(upload.request(), "s3");

        assertThat(new String(body, StandardCharsets.ISO_8859_1)).startsWith("10000\r\n")
                .endsWith("\r\n0\r\nx-amz-checksum-crc32:" + crc32(PAYLOAD) + "\r\n\r\n");
        assertThat(context.payloadMode()).isEqualTo(PayloadMode.STREAMING_UNSIGNED_TRAILER);
        assertThat(header(upload.request(), "Content-Encoding")).hasValue("aws-chunked");
        assertThat(readByteByByte(context.wrapBody(stream(body)))).isEqualTo(PAYLOAD);
        assertThat(context.trailers()).containsEntry("x-amz-checksum-crc32", crc32(PAYLOAD));
    }

    @Test
    void unsignedTrailerWithoutClosingBlankLineIsAccepted() {
        byte[] body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n".getBytes(StandardCharsets.ISO_8859_1);
        StreamingUpload upload = exampleSigner().signStreaming(put("/bucket/k"),
                PayloadMode.STREAMING_UNSIGNED_TRAILER, 5, List.of("x-amz-checksum-crc32"));
        AuthContext context = exampleAuthenticator().authenticate(upload.request(), "s3");

        assertThat(readAll(context.wrapBody(stream(body)))).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(context.trailers()).containsEntry("x-amz-checksum-crc32", "NhCmhg==");
    }

    @Test
    void emptyChunkedBody() {
        StreamingUpload upload = exampleSigner().signStreaming(put("/bucket/empty"), PayloadMode.STREAMING_SIGNED_TRAILER,
                0, List.of("x-amz-checksum-crc32"));
        byte[] body = upload.encoder().encode(new byte[0], 65536, List.of(Map.entry("x-amz-checksum-crc32", "AAAAAA==")));

        AuthContext context = exampleAuthenticator().authenticate(upload.request(), "s3");

        assertThat(readAll(context.wrapBody(stream(body)))).isEmpty();
        assertThat(context.trailers()).containsEntry("x-amz-checksum-crc32", "AAAAAA==");
    }

    @Test
    void dateHeaderAloneDatesTheRequest() {
        // Without x-amz-date the Date header (RFC 1123) dates the request; the string to sign uses
        // its ISO basic form. Built by hand: the signer always sends x-amz-date.
        SignedRequest unsigned = new SignedRequest("GET", "/bucket/key", "", headers(
                "Host", "localhost", "Date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-content-sha256", SigV4Fixtures.EMPTY_SHA256));
        List<String> signedHeaders = List.of("date", "host", "x-amz-content-sha256");
        String canonical = CanonicalRequest.build("GET", "/bucket/key", "", new RequestHeaders(unsigned.headers()),
                signedHeaders, SigV4Fixtures.EMPTY_SHA256);
        String signature = Hex.encode(SigV4Crypto.hmac(
                SigningKeyCache.derive(SigV4Fixtures.SECRET_KEY, "20130524", "us-east-1", "s3"),
                CanonicalRequest.stringToSign("20130524T000000Z", "20130524/us-east-1/s3/aws4_request", canonical)));
        SignedRequest request = SigV4Fixtures.withHeader(unsigned, "Authorization", "AWS4-HMAC-SHA256 "
                + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=date;host;x-amz-content-sha256, Signature=" + signature);

        assertThat(exampleAuthenticator().authenticate(request, "s3").anonymous()).isFalse();
    }

    @Test
    void credentialNeverPrintsItsSecret() {
        Credential credential = new Credential("AKID", "topsecret", null, "sessiontoken");

        assertThat(credential.toString()).contains("AKID").doesNotContain("topsecret").doesNotContain("sessiontoken");
    }
}
