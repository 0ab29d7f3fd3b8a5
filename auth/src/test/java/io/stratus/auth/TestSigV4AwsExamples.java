package io.stratus.auth;

import static io.stratus.auth.SigV4Fixtures.EMPTY_SHA256;
import static io.stratus.auth.SigV4Fixtures.EXAMPLE_CREDENTIAL;
import static io.stratus.auth.SigV4Fixtures.ascii;
import static io.stratus.auth.SigV4Fixtures.concat;
import static io.stratus.auth.SigV4Fixtures.exampleAuthenticator;
import static io.stratus.auth.SigV4Fixtures.exampleSigner;
import static io.stratus.auth.SigV4Fixtures.header;
import static io.stratus.auth.SigV4Fixtures.headers;
import static io.stratus.auth.SigV4Fixtures.readAll;
import static io.stratus.auth.SigV4Fixtures.readInPieces;
import static io.stratus.auth.SigV4Fixtures.repeat;
import static io.stratus.auth.SigV4Fixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AWS's published S3 SigV4 examples (API reference, "Signature Calculations for the Authorization
 * Header", "Query Parameters", "Chunked Upload" and "Trailing Headers"): the verifier accepts them,
 * and the signer reproduces their signatures.
 */
class TestSigV4AwsExamples {
    private static final String SCOPE = "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";

    private static SignedRequest getObjectWithRange() {
        return new SignedRequest("GET", "/test.txt", "", headers(
                "Host", "examplebucket.s3.amazonaws.com",
                "Range", "bytes=0-9",
                "x-amz-content-sha256", EMPTY_SHA256,
                "x-amz-date", "20130524T000000Z",
                "Authorization", "AWS4-HMAC-SHA256 " + SCOPE + ",SignedHeaders=host;range;x-amz-content-sha256;"
                        + "x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
    }

    private static SignedRequest putObject(String rawPath) {
        return new SignedRequest("PUT", rawPath, "", headers(
                "Host", "examplebucket.s3.amazonaws.com",
                "Date", "Fri, 24 May 2013 00:00:00 GMT",
                "Authorization", "AWS4-HMAC-SHA256 " + SCOPE + ",SignedHeaders=date;host;x-amz-content-sha256;"
                        + "x-amz-date;x-amz-storage-class,"
                        + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
                "x-amz-date", "20130524T000000Z",
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"));
    }

    @Test
    void getObjectWithRangeIsAuthentic() {
        AuthContext context = exampleAuthenticator().authenticate(getObjectWithRange(), "s3");

        assertThat(context.anonymous()).isFalse();
        assertThat(context.presigned()).isFalse();
        assertThat(context.credential()).isEqualTo(EXAMPLE_CREDENTIAL);
        assertThat(context.payloadMode()).isEqualTo(PayloadMode.SIGNED_PAYLOAD);
        assertThat(context.decodedContentLength()).isEqualTo(-1);
        assertThat(readAll(context.wrapBody(stream(new byte[0])))).isEmpty();
    }

    @Test
    void putObjectIsAuthenticAndItsBodyVerifies() {
        byte[] body = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
        // The example's request line carries a raw '$'; an SDK would send %24. Both must verify.
        for (String rawPath : List.of("/test$file.text", "/test%24file.text")) {
            AuthContext context = exampleAuthenticator().authenticate(putObject(rawPath), "s3");

            assertThat(context.payloadMode()).isEqualTo(PayloadMode.SIGNED_PAYLOAD);
            assertThat(readAll(context.wrapBody(stream(body)))).isEqualTo(body);
        }
    }

    @Test
    void getBucketLifecycleIsAuthentic() {
        SignedRequest request = new SignedRequest("GET", "/", "lifecycle", headers(
                "Host", "examplebucket.s3.amazonaws.com",
                "Authorization", "AWS4-HMAC-SHA256 " + SCOPE + ",SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                        + "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
                "x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", EMPTY_SHA256));

        assertThat(exampleAuthenticator().authenticate(request, "s3").credential().accessKeyId())
                .isEqualTo("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void listObjectsIsAuthentic() {
        SignedRequest request = new SignedRequest("GET", "/", "max-keys=2&prefix=J", headers(
                "Host", "examplebucket.s3.amazonaws.com",
                "Authorization", "AWS4-HMAC-SHA256 " + SCOPE + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                        + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
                "x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", EMPTY_SHA256));

        assertThat(exampleAuthenticator().authenticate(request, "s3").anonymous()).isFalse();
    }

    @Test
    void presignedUrlIsAuthentic() {
        SignedRequest request = new SignedRequest("GET", "/test.txt", "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
                headers("Host", "examplebucket.s3.amazonaws.com"));

        AuthContext context = exampleAuthenticator().authenticate(request, "s3");

        assertThat(context.presigned()).isTrue();
        assertThat(context.credential()).isEqualTo(EXAMPLE_CREDENTIAL);
        assertThat(context.payloadMode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
    }

    @Test
    void chunkedUploadExampleDecodes() {
        SignedRequest request = new SignedRequest("PUT", "/examplebucket/chunkObject.txt", "", headers(
                "Host", "s3.amazonaws.com",
                "x-amz-date", "20130524T000000Z",
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "Authorization", "AWS4-HMAC-SHA256 " + SCOPE + ",SignedHeaders=content-encoding;content-length;host;"
                        + "x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,"
                        + "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "Content-Encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560",
                "Content-Length", "66824"));
        byte[] body = concat(
                ascii("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"),
                repeat('a', 65536), ascii("\r\n"),
                ascii("400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"),
                repeat('a', 1024), ascii("\r\n"),
                ascii("0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"));
        assertThat(body).hasSize(66824);

        AuthContext context = exampleAuthenticator().authenticate(request, "s3");

        assertThat(context.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
        assertThat(context.decodedContentLength()).isEqualTo(66560);
        assertThat(readAll(context.wrapBody(stream(body)))).isEqualTo(repeat('a', 66560));
        assertThat(context.trailers()).isEmpty();
    }

    @Test
    void chunkedUploadWithTrailerExampleDecodes() {
        SignedRequest request = trailerExampleRequest();
        byte[] body = concat(
                ascii("10000;chunk-signature=b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2\r\n"),
                repeat('a', 65536), ascii("\r\n"),
                ascii("400;chunk-signature=1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7\r\n"),
                repeat('a', 1024), ascii("\r\n"),
                ascii("0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n"),
                ascii("x-amz-checksum-crc32c:sOO8/Q==\r\n"),
                ascii("x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n"),
                ascii("\r\n"));
        assertThat(body).hasSize(66946);

        AuthContext context = exampleAuthenticator().authenticate(request, "s3");
        assertThat(context.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED_TRAILER);
        var decoded = context.wrapBody(stream(body));

        assertThat(context.trailers()).isEmpty();
        assertThat(readInPieces(decoded, 1000)).isEqualTo(repeat('a', 66560));
        assertThat(context.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32c", "sOO8/Q=="));
    }

    private static SignedRequest trailerExampleRequest() {
        return new SignedRequest("PUT", "/examplebucket/chunkObject.txt", "", headers(
                "Host", "s3.amazonaws.com",
                "x-amz-date", "20130524T000000Z",
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "Authorization", "AWS4-HMAC-SHA256 " + SCOPE + ",SignedHeaders=content-encoding;host;"
                        + "x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;"
                        + "x-amz-trailer,Signature=106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                "Content-Encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560",
                "x-amz-trailer", "x-amz-checksum-crc32c"));
    }

    @Test
    void signerReproducesTheHeaderExamples() {
        SigV4Signer signer = exampleSigner();

        SignedRequest get = signer.sign(new SignedRequest("GET", "/test.txt", "",
                headers("Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9")), EMPTY_SHA256);
        SignedRequest put = signer.sign(new SignedRequest("PUT", "/test$file.text", "", headers(
                "Host", "examplebucket.s3.amazonaws.com", "Date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-storage-class", "REDUCED_REDUNDANCY")),
                "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        SignedRequest list = signer.sign(new SignedRequest("GET", "/", "max-keys=2&prefix=J",
                headers("Host", "examplebucket.s3.amazonaws.com")), EMPTY_SHA256);

        assertThat(header(get, "Authorization")).hasValue("AWS4-HMAC-SHA256 " + SCOPE
                + ", SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(header(get, "x-amz-date")).hasValue("20130524T000000Z");
        assertThat(header(get, "x-amz-content-sha256")).hasValue(EMPTY_SHA256);
        assertThat(header(put, "Authorization").orElseThrow())
                .endsWith("Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
        assertThat(header(list, "Authorization").orElseThrow())
                .endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }

    @Test
    void signerReproducesThePresignedExample() {
        SignedRequest presigned = exampleSigner().presign(new SignedRequest("GET", "/test.txt", "",
                headers("Host", "examplebucket.s3.amazonaws.com")), Duration.ofSeconds(86400));

        assertThat(presigned.rawQuery()).isEqualTo("X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    }

    @Test
    void signerReproducesTheChunkedExample() {
        SignedRequest request = new SignedRequest("PUT", "/examplebucket/chunkObject.txt", "", headers(
                "Host", "s3.amazonaws.com",
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "Content-Encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560",
                "Content-Length", "66824"));

        StreamingUpload upload = exampleSigner().signStreaming(request, PayloadMode.STREAMING_SIGNED, 66560, List.of());
        String body = new String(upload.encoder().encode(repeat('a', 66560), 65536, List.of()),
                StandardCharsets.ISO_8859_1);

        assertThat(upload.seedSignature()).isEqualTo("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        assertThat(body).hasSize(66824)
                .startsWith("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n")
                .contains("\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n")
                .endsWith("\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n");
    }

    @Test
    void signerReproducesTheTrailerExample() {
        SignedRequest request = new SignedRequest("PUT", "/examplebucket/chunkObject.txt", "", headers(
                "Host", "s3.amazonaws.com",
                "x-amz-storage-class", "REDUCED_REDUNDANCY"));

        StreamingUpload upload = exampleSigner().signStreaming(request, PayloadMode.STREAMING_SIGNED_TRAILER, 66560,
                List.of("x-amz-checksum-crc32c"));
        String body = new String(upload.encoder().encode(repeat('a', 66560), 65536,
                List.of(Map.entry("x-amz-checksum-crc32c", "sOO8/Q=="))), StandardCharsets.ISO_8859_1);

        assertThat(upload.seedSignature()).isEqualTo("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");
        assertThat(body).hasSize(66946).endsWith(
                "0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n"
                        + "x-amz-checksum-crc32c:sOO8/Q==\r\n"
                        + "x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n"
                        + "\r\n");
    }
}
