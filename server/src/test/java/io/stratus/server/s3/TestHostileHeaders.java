package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.auth.Credential;
import io.stratus.auth.SigV4Signer;
import io.stratus.auth.SignedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Hostile request heads get AWS's error and change nothing: ranges past a long, negative or
 * overflowing max-keys, duplicated and conflicting headers, tampered presigned URLs, and requests
 * signed for another region or service.
 */
class TestHostileHeaders extends S3TestBase {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static SignedSocket socket() {
        return new SignedSocket(server.port(), ACCESS_KEY, SECRET_KEY, "us-east-1", "s3");
    }

    private static void assertError(SignedSocket.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
    }

    @Test
    void rangesThatOverflowALongAreIgnoredAsS3Does() throws Exception {
        String bucket = newBucket();
        put(bucket, "r", "0123456789");
        for (String range : List.of("bytes=0-99999999999999999999", "bytes=99999999999999999999-",
                "bytes=-99999999999999999999", "bytes=9223372036854775807-9223372036854775808")) {
            SignedSocket socket = socket();
            SignedSocket.Response response = socket.send(socket.sign("GET", "/" + bucket + "/r",
                    List.of(Map.entry("range", range)), "UNSIGNED-PAYLOAD"), List.of(), new byte[0]);
            assertThat(response.status()).as(range).isEqualTo(200);
            assertThat(response.body()).isEqualTo("0123456789");
            assertThat(response.headers()).doesNotContainKey("content-range");
        }
        // The largest range a long can hold is a real range, clipped to the object.
        SignedSocket socket = socket();
        SignedSocket.Response largest = socket.send(socket.sign("GET", "/" + bucket + "/r",
                List.of(Map.entry("range", "bytes=2-9223372036854775807")), "UNSIGNED-PAYLOAD"), List.of(), new byte[0]);
        assertThat(largest.status()).isEqualTo(206);
        assertThat(largest.body()).isEqualTo("23456789");
    }

    @Test
    void negativeOrOverflowingListLimitsAreInvalidArgument() throws Exception {
        String bucket = newBucket();
        put(bucket, "k", "v");
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
        RawS3 raw = new RawS3(endpoint(), ACCESS_KEY, SECRET_KEY);
        for (String[] request : new String[][] {
                {"/" + bucket, "max-keys=-1"}, {"/" + bucket, "list-type=2&max-keys=-5"},
                {"/" + bucket, "max-keys=2147483648"}, {"/" + bucket, "uploads=&max-uploads=-1"},
                {"/" + bucket + "/mp", "uploadId=" + uploadId + "&max-parts=-1"}}) {
            HttpResponse<String> response = raw.send("GET", request[0], request[1], new byte[0], Map.of());
            assertThat(response.statusCode()).as(request[1]).isEqualTo(400);
            assertThat(response.body()).as(request[1]).contains("<Code>InvalidArgument</Code>");
        }
        assertThat(get(bucket, "k")).isEqualTo("v");
    }

    @Test
    void duplicateAndConflictingFramingHeadersAreRefused() throws Exception {
        String bucket = newBucket();
        SignedSocket socket = socket();
        // Two different Content-Lengths: which body is meant cannot be known (RFC 9112 6.3), so 400.
        SignedRequest twoLengths = socket.sign("PUT", "/" + bucket + "/k",
                List.of(Map.entry("content-length", "3"), Map.entry("content-length", "5")), "UNSIGNED-PAYLOAD");
        assertError(socket.send(twoLengths, List.of(), "abcde".getBytes(StandardCharsets.US_ASCII)), 400, "BadRequest");
        // Two Host headers (RFC 9112 3.2: 400): the virtual-host bucket would be ambiguous.
        SignedRequest twoHosts = socket.sign("PUT", "/k", List.of(Map.entry("host", bucket + ".localhost"),
                Map.entry("content-length", "1")), "UNSIGNED-PAYLOAD");
        assertError(socket.send(twoHosts, List.of(), "v".getBytes(StandardCharsets.US_ASCII)), 400, "BadRequest");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
    }

    @Test
    void headersAddedOrDuplicatedAfterSigningAreCaught() throws Exception {
        String bucket = newBucket();
        put(bucket, "k", "original");
        SignedSocket socket = socket();
        List<Map.Entry<String, String>> length = List.of(Map.entry("content-length", "6"));
        // A second x-amz-content-sha256 value: the signature covered one value, the request carries two.
        SignedRequest signed = socket.sign("PUT", "/" + bucket + "/k", length, "UNSIGNED-PAYLOAD");
        assertError(socket.send(signed, List.of(Map.entry("x-amz-content-sha256", "UNSIGNED-PAYLOAD")),
                "forged".getBytes(StandardCharsets.US_ASCII)), 403, "SignatureDoesNotMatch");
        // A second metadata value for a signed header.
        SignedRequest withMeta = socket.sign("PUT", "/" + bucket + "/k",
                List.of(Map.entry("content-length", "6"), Map.entry("x-amz-meta-owner", "alice")), "UNSIGNED-PAYLOAD");
        assertError(socket.send(withMeta, List.of(Map.entry("x-amz-meta-owner", "mallory")),
                "forged".getBytes(StandardCharsets.US_ASCII)), 403, "SignatureDoesNotMatch");
        // An x-amz-* header that was not signed at all.
        assertError(socket.send(socket.sign("PUT", "/" + bucket + "/k", length, "UNSIGNED-PAYLOAD"),
                List.of(Map.entry("x-amz-tagging", "owner=mallory")), "forged".getBytes(StandardCharsets.US_ASCII)),
                403, "AccessDenied");
        assertThat(get(bucket, "k")).isEqualTo("original");
    }

    @Test
    void tamperedPresignedUrlsAreRefusedAndWriteNothing() throws Exception {
        String bucket = newBucket();
        put(bucket, "secret", "s");
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            String put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(p -> p.bucket(bucket).key("upload"))).url().toString();
            String get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(bucket).key("secret"))).url().toString();
            // Another key, another date, another method, another (unknown) key id, no signature at all.
            assertThat(send("PUT", put.replace("/upload?", "/other?"))).startsWith("403").contains("SignatureDoesNotMatch");
            // The signing time moved by a second: same credential date, different string to sign.
            String date = put.replaceFirst(".*X-Amz-Date=(\\d{8}T\\d{6})Z.*", "$1");
            String moved = date.substring(0, 14) + (date.charAt(14) == '0' ? '1' : '0');
            assertThat(send("PUT", put.replace("X-Amz-Date=" + date, "X-Amz-Date=" + moved)))
                    .startsWith("403").contains("SignatureDoesNotMatch");
            // A different day no longer matches the credential scope: AWS's AuthorizationQueryParametersError.
            assertThat(send("PUT", put.replaceFirst("X-Amz-Date=\\d{8}T", "X-Amz-Date=20200101T")))
                    .startsWith("400").contains("AuthorizationQueryParametersError");
            assertThat(send("DELETE", get)).startsWith("403").contains("SignatureDoesNotMatch");
            assertThat(send("GET", get.replace("X-Amz-Credential=" + ACCESS_KEY, "X-Amz-Credential=AKIAOTHERKEY00000000")))
                    .startsWith("403").contains("InvalidAccessKeyId");
            assertThat(send("GET", get.replaceFirst("&X-Amz-Signature=[0-9a-f]+", "")))
                    .startsWith("400").contains("AuthorizationQueryParametersError");
            assertThat(send("GET", get.replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Brange")))
                    .startsWith("403").contains("SignatureDoesNotMatch");
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
        assertThat(get(bucket, "secret")).isEqualTo("s");
    }

    @Test
    void signaturesForAnotherRegionOrServiceAreRefused() throws Exception {
        String bucket = newBucket();
        try (S3Client euWest = S3Client.builder().endpointOverride(endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(credentials()).forcePathStyle(true).build()) {
            assertThat(errorCode(() -> euWest.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"))))
                    .isEqualTo("AuthorizationHeaderMalformed");
            assertThat(errorStatus(() -> euWest.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"))))
                    .isEqualTo(400);
        }
        // Presigned for another region, and for another service (IAM) with the right key.
        for (SigV4Signer signer : List.of(signer("eu-west-1", "s3"), signer("us-east-1", "iam"))) {
            SignedRequest presigned = signer.presign(new SignedRequest("PUT", "/" + bucket + "/k", "",
                    List.of(Map.entry("host", "localhost:" + server.port()))), Duration.ofMinutes(5));
            String url = endpoint() + presigned.rawPath() + "?" + presigned.rawQuery();
            assertThat(send("PUT", url)).startsWith("400").contains("AuthorizationQueryParametersError");
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
    }

    private static SigV4Signer signer(String region, String service) {
        return new SigV4Signer(new Credential(ACCESS_KEY, SECRET_KEY, "", null), region, service, Clock.systemUTC());
    }

    /** Sends a presigned URL with a small body for PUT; returns "status body". */
    private static String send(String method, String url) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("forged")
                : HttpRequest.BodyPublishers.noBody();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
