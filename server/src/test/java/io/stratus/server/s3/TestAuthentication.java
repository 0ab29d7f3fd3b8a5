package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class TestAuthentication extends S3TestBase {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static S3Client clientWith(String accessKey, String secretKey, Region region) {
        return S3Client.builder().endpointOverride(endpoint()).region(region).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))).build();
    }

    private static S3Presigner presigner() {
        return S3Presigner.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    @Test
    void wrongSecretAndUnknownKey() {
        try (S3Client wrongSecret = clientWith(ACCESS_KEY, "wrong-secret", Region.US_EAST_1);
             S3Client unknownKey = clientWith("AKIAUNKNOWN000000000", SECRET_KEY, Region.US_EAST_1);
             S3Client otherRegion = clientWith(ACCESS_KEY, SECRET_KEY, Region.EU_WEST_1)) {
            assertThat(errorCode(wrongSecret::listBuckets)).isEqualTo("SignatureDoesNotMatch");
            assertThat(errorCode(unknownKey::listBuckets)).isEqualTo("InvalidAccessKeyId");
            assertThat(errorCode(otherRegion::listBuckets)).isEqualTo("AuthorizationHeaderMalformed");
        }
    }

    @Test
    void anonymousRequestsAreDenied() {
        String bucket = newBucket();
        put(bucket, "private", "secret");
        try (S3Client anonymous = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            assertThat(errorCode(() -> anonymous.getObject(b -> b.bucket(bucket).key("private")))).isEqualTo("AccessDenied");
            assertThat(errorCode(() -> anonymous.deleteObject(b -> b.bucket(bucket).key("private")))).isEqualTo("AccessDenied");
        }
        assertThat(get(bucket, "private")).isEqualTo("secret");
    }

    @Test
    void presignedGetAndPutThroughAPlainHttpClient() throws Exception {
        String bucket = newBucket();
        try (S3Presigner presigner = presigner()) {
            URI putUrl = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(p -> p.bucket(bucket).key("shared file.txt"))).url().toURI();
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(putUrl).PUT(HttpRequest.BodyPublishers.ofString("via presign")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(200);
            URI getUrl = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(bucket).key("shared file.txt"))).url().toURI();
            HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(getUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("via presign");
            assertThat(get.headers().firstValue("x-amz-request-id")).isPresent();

            URI tampered = URI.create(getUrl.toString().replace("X-Amz-Expires=300", "X-Amz-Expires=600"));
            HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(tampered).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(403);
            assertThat(bad.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        }
    }

    @Test
    void expiredPresignedUrlIsDenied() throws Exception {
        String bucket = newBucket();
        put(bucket, "k", "v");
        try (S3Presigner presigner = presigner()) {
            URI url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofSeconds(1))
                    .getObjectRequest(g -> g.bucket(bucket).key("k"))).url().toURI();
            Thread.sleep(2100);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");
        }
    }

    @Test
    void signedPayloadHashIsVerifiedAndClockSkewIsRefused() throws Exception {
        String bucket = newBucket();
        RawS3 raw = new RawS3(endpoint(), ACCESS_KEY, SECRET_KEY);
        String otherHash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("something else".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var mismatch = raw.send("PUT", "/" + bucket + "/signed", "", "actual body".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of("x-test-signed-hash", otherHash));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("<Code>XAmzContentSHA256Mismatch</Code>");
        assertThat(errorStatus(() -> s3.headObject(b -> b.bucket(bucket).key("signed")))).isEqualTo(404);

        RawS3 skewed = new RawS3(endpoint(), ACCESS_KEY, SECRET_KEY,
                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(20)));
        var skew = skewed.send("GET", "/" + bucket);
        assertThat(skew.statusCode()).isEqualTo(403);
        assertThat(skew.body()).contains("<Code>RequestTimeTooSkewed</Code>");
    }

    @Test
    void errorsAreS3XmlWithRequestId() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint() + "/some-bucket/key")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("<Error>").contains("<Code>AccessDenied</Code>").contains("<RequestId>");
        assertThat(r.headers().firstValue("x-amz-request-id")).isPresent();
    }
}
