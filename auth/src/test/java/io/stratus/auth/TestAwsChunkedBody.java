package io.stratus.auth;

import static io.stratus.auth.SigV4Fixtures.ascii;
import static io.stratus.auth.SigV4Fixtures.concat;
import static io.stratus.auth.SigV4Fixtures.exampleAuthenticator;
import static io.stratus.auth.SigV4Fixtures.exampleSigner;
import static io.stratus.auth.SigV4Fixtures.headers;
import static io.stratus.auth.SigV4Fixtures.readAll;
import static io.stratus.auth.SigV4Fixtures.repeat;
import static io.stratus.auth.SigV4Fixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Broken or forged aws-chunked bodies fail from read(), always before end of stream is reported. */
class TestAwsChunkedBody {
    private static final byte[] PAYLOAD = repeat('x', 10_000);
    private static final List<Map.Entry<String, String>> TRAILERS = List.of(Map.entry("x-amz-checksum-crc32", "AAAAAA=="));

    private record Upload(AuthContext context, byte[] body) {
    }

    private static Upload upload(PayloadMode mode, long declaredLength) {
        StreamingUpload upload = exampleSigner().signStreaming(new SignedRequest("PUT", "/bucket/key", "",
                headers("Host", "localhost")), mode, declaredLength,
                mode.hasTrailer() ? List.of("x-amz-checksum-crc32") : List.of());
        byte[] body = upload.encoder().encode(PAYLOAD, 4096, mode.hasTrailer() ? TRAILERS : List.of());
        return new Upload(exampleAuthenticator().authenticate(upload.request(), "s3"), body);
    }

    private static Upload signed() {
        return upload(PayloadMode.STREAMING_SIGNED, PAYLOAD.length);
    }

    private static void assertBodyFails(AuthContext context, byte[] body, String code, int status) {
        InputStream decoded = context.wrapBody(stream(body));
        assertThatThrownBy(() -> decoded.readAllBytes()).isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(status);
        });
        // The stream stays failed: a retrying reader never sees a clean end of stream.
        assertThatThrownBy(() -> decoded.read()).isInstanceOf(AuthException.class);
        assertThat(context.trailers()).isEmpty();
    }

    private static byte[] replace(byte[] body, String from, String to) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void changedPayloadByteFailsItsChunkSignature() {
        Upload upload = signed();
        byte[] forged = upload.body().clone();
        int dataStart = new String(forged, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
        forged[dataStart + 100] = 'y';

        assertBodyFails(upload.context(), forged, "SignatureDoesNotMatch", 403);
    }

    @Test
    void reorderedChunksBreakTheChain() {
        // Swap the first two (equal-sized, equal-content) chunks with their signatures: each chunk is
        // individually well signed, but not in this position of the chain.
        Upload upload = signed();
        String text = new String(upload.body(), StandardCharsets.ISO_8859_1);
        int second = text.indexOf("\r\n1000;") + 2;
        int third = text.indexOf("\r\n710;") + 2;
        String swapped = text.substring(second, third) + text.substring(0, second) + text.substring(third);

        assertBodyFails(upload.context(), swapped.getBytes(StandardCharsets.ISO_8859_1), "SignatureDoesNotMatch", 403);
    }

    @Test
    void missingChunkSignature() {
        Upload upload = signed();
        byte[] unsigned = new String(upload.body(), StandardCharsets.ISO_8859_1)
                .replaceAll(";chunk-signature=[0-9a-f]{64}", "").getBytes(StandardCharsets.ISO_8859_1);

        assertBodyFails(upload.context(), unsigned, "SignatureDoesNotMatch", 403);
    }

    @Test
    void truncatedBody() {
        Upload upload = signed();
        byte[] body = upload.body();

        assertBodyFails(upload.context(), Arrays.copyOf(body, 5000), "IncompleteBody", 400);
        assertBodyFails(signed().context(), Arrays.copyOf(body, body.length - 90), "IncompleteBody", 400);
        assertBodyFails(signed().context(), Arrays.copyOf(body, 30), "IncompleteBody", 400);
    }

    @Test
    void bodyWithoutFinalChunk() {
        Upload upload = signed();
        String text = new String(upload.body(), StandardCharsets.ISO_8859_1);
        byte[] withoutFinal = text.substring(0, text.lastIndexOf("0;chunk-signature=")).getBytes(StandardCharsets.ISO_8859_1);

        assertBodyFails(upload.context(), withoutFinal, "IncompleteBody", 400);
    }

    @Test
    void decodedLengthMismatch() {
        Upload declaredMore = upload(PayloadMode.STREAMING_SIGNED, PAYLOAD.length + 1);
        Upload declaredLess = upload(PayloadMode.STREAMING_SIGNED, PAYLOAD.length - 1);

        assertBodyFails(declaredMore.context(), declaredMore.body(), "IncompleteBody", 400);
        assertBodyFails(declaredLess.context(), declaredLess.body(), "IncompleteBody", 400);
    }

    @Test
    void tamperedTrailer() {
        Upload upload = upload(PayloadMode.STREAMING_SIGNED_TRAILER, PAYLOAD.length);

        assertBodyFails(upload.context(), replace(upload.body(), "x-amz-checksum-crc32:AAAAAA==",
                "x-amz-checksum-crc32:BBBBBB=="), "SignatureDoesNotMatch", 403);
        assertBodyFails(upload.context(), new String(upload.body(), StandardCharsets.ISO_8859_1)
                .replaceAll("x-amz-trailer-signature:[0-9a-f]{64}\r\n", "").getBytes(StandardCharsets.ISO_8859_1),
                "SignatureDoesNotMatch", 403);
    }

    @Test
    void malformedFraming() {
        // AWS answers any broken aws-chunked framing with IncompleteBody (400).
        Upload upload = upload(PayloadMode.STREAMING_UNSIGNED_TRAILER, 5);

        assertBodyFails(upload.context(), ascii("zz\r\nhello\r\n0\r\n\r\n"), "IncompleteBody", 400);
        assertBodyFails(upload.context(), ascii("\r\nhello\r\n0\r\n\r\n"), "IncompleteBody", 400);
        assertBodyFails(upload.context(), ascii("5\nhello\r\n0\r\n\r\n"), "IncompleteBody", 400);
        assertBodyFails(upload.context(), ascii("4\r\nhello\r\n0\r\n\r\n"), "IncompleteBody", 400);
        assertBodyFails(upload.context(), concat(ascii("5;"), repeat('e', 5000), ascii("\r\nhello\r\n0\r\n\r\n")),
                "IncompleteBody", 400);
        assertBodyFails(upload.context(), ascii("1000001\r\nhello"), "IncompleteBody", 400);
    }

    @Test
    void malformedTrailer() {
        // A trailing header that is not name:value is AWS's MalformedTrailerError (400).
        Upload upload = upload(PayloadMode.STREAMING_UNSIGNED_TRAILER, 5);

        assertBodyFails(upload.context(), ascii("5\r\nhello\r\n0\r\nnot-a-trailer\r\n\r\n"), "MalformedTrailerError", 400);
        assertBodyFails(upload.context(), ascii("5\r\nhello\r\n0\r\n:AAAAAA==\r\n\r\n"), "MalformedTrailerError", 400);
    }

    @Test
    void trailersInAModeWithoutThem() {
        Upload upload = signed();
        byte[] body = upload.body();
        byte[] withTrailer = concat(Arrays.copyOf(body, body.length - 2), ascii("x-amz-checksum-crc32:AAAAAA==\r\n\r\n"));

        assertBodyFails(upload.context(), withTrailer, "IncompleteBody", 400);
    }

    @Test
    void largeChunkStreamsWithBoundedReads() throws IOException {
        // A 3 MiB chunk is delivered through reads no larger than the caller's buffer, never buffered whole.
        byte[] big = repeat('q', 3 * 1024 * 1024);
        StreamingUpload upload = exampleSigner().signStreaming(new SignedRequest("PUT", "/b/k", "",
                headers("Host", "localhost")), PayloadMode.STREAMING_SIGNED, big.length, List.of());
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        upload.encoder().writeChunk(wire, big, 0, big.length);
        upload.encoder().finish(wire, List.of());
        AuthContext context = exampleAuthenticator().authenticate(upload.request(), "s3");
        InputStream decoded = context.wrapBody(stream(wire.toByteArray()));

        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = decoded.read(buf, 0, buf.length)) >= 0) {
            assertThat(n).isLessThanOrEqualTo(buf.length);
            total += n;
        }
        assertThat(total).isEqualTo(big.length);
    }

    @Test
    void bodyReadThroughTheSigner() {
        Upload upload = upload(PayloadMode.STREAMING_SIGNED_TRAILER, PAYLOAD.length);

        assertThat(readAll(upload.context().wrapBody(stream(upload.body())))).isEqualTo(PAYLOAD);
        assertThat(upload.context().trailers()).containsExactly(TRAILERS.get(0));
    }
}
