package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.auth.PayloadMode;
import io.stratus.auth.SignedRequest;
import io.stratus.auth.StreamingUpload;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Broken bodies get AWS's error and change nothing: every hostile PUT below targets a key that
 * already holds "original", which must still read back afterwards. aws-chunked framing errors are
 * IncompleteBody (400), a forged chunk SignatureDoesNotMatch (403), a wrong trailing checksum
 * BadDigest (400), a missing one MalformedTrailerError (400); Content-Length lies are
 * XAmzContentSHA256Mismatch / BadDigest when the extra bytes are cut off, RequestTimeout when the
 * promised bytes never come; a body slower than the floor rate is cut with RequestTimeout.
 */
class TestHostileBodies extends S3TestBase {
    private static final byte[] PAYLOAD = "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
    private static final String TIMEOUT_MESSAGE = "<Message>Your socket connection to the server was not read from or "
            + "written to within the timeout period. Idle connections will be closed.</Message>";

    private static SignedSocket socket() {
        return new SignedSocket(server.port(), ACCESS_KEY, SECRET_KEY, "us-east-1", "s3");
    }

    /** A bucket whose key "k" holds "original". */
    private static String bucketWithOriginal() {
        String bucket = newBucket();
        put(bucket, "k", "original");
        return bucket;
    }

    private static void assertUnchanged(String bucket) {
        assertThat(get(bucket, "k")).isEqualTo("original");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isEqualTo(1);
    }

    /** Sends an aws-chunked PUT of PAYLOAD to bucket/k whose encoded body is changed by {@code damage}. */
    private static SignedSocket.Response chunkedPut(String bucket, PayloadMode mode, String trailerValue,
            java.util.function.UnaryOperator<String> damage) throws Exception {
        SignedSocket socket = socket();
        List<String> trailerNames = mode.hasTrailer() ? List.of("x-amz-checksum-crc32") : List.of();
        StreamingUpload upload = socket.signStreaming("PUT", "/" + bucket + "/k", List.of(), mode, PAYLOAD.length, trailerNames);
        List<Map.Entry<String, String>> trailers = mode.hasTrailer() && trailerValue != null
                ? List.of(Map.entry("x-amz-checksum-crc32", trailerValue)) : List.of();
        String encoded = new String(upload.encoder().encode(PAYLOAD, 8192, trailers), StandardCharsets.ISO_8859_1);
        byte[] body = damage.apply(encoded).getBytes(StandardCharsets.ISO_8859_1);
        return socket.send(upload.request(), List.of(Map.entry("Content-Length", Integer.toString(body.length))), body);
    }

    private static String crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        long v = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    private static void assertError(SignedSocket.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
    }

    @Test
    void theUndamagedChunkedUploadIsAccepted() throws Exception {
        // The control: the same request unharmed overwrites the key, so the failures below are the damage's doing.
        String bucket = bucketWithOriginal();
        assertThat(chunkedPut(bucket, PayloadMode.STREAMING_UNSIGNED_TRAILER, crc32(PAYLOAD), s -> s).status()).isEqualTo(200);
        assertThat(get(bucket, "k")).hasSize(PAYLOAD.length);
    }

    @Test
    void wrongChunkSizeIsIncompleteBody() throws Exception {
        String bucket = bucketWithOriginal();
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_UNSIGNED_TRAILER, crc32(PAYLOAD),
                s -> s.replaceFirst("^2000\r\n", "1fff\r\n")), 400, "IncompleteBody");
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_UNSIGNED_TRAILER, crc32(PAYLOAD),
                s -> s.replaceFirst("^2000\r\n", "2001\r\n")), 400, "IncompleteBody");
        assertUnchanged(bucket);
    }

    @Test
    void missingFinalChunkIsIncompleteBody() throws Exception {
        String bucket = bucketWithOriginal();
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_UNSIGNED_TRAILER, crc32(PAYLOAD),
                s -> s.substring(0, s.lastIndexOf("0\r\nx-amz-checksum-crc32"))), 400, "IncompleteBody");
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_SIGNED, null,
                s -> s.substring(0, s.lastIndexOf("0;chunk-signature="))), 400, "IncompleteBody");
        assertUnchanged(bucket);
    }

    @Test
    void forgedChunkSignatureIsSignatureDoesNotMatch() throws Exception {
        String bucket = bucketWithOriginal();
        // One payload byte changed: the chunk no longer matches its signature.
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_SIGNED, null, s -> s.replaceFirst("xxxx\r\n", "xxxy\r\n")),
                403, "SignatureDoesNotMatch");
        // A signature that is well-formed but not the chain's.
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_SIGNED, null,
                s -> s.replaceFirst("chunk-signature=[0-9a-f]{64}", "chunk-signature=" + "0".repeat(64))),
                403, "SignatureDoesNotMatch");
        assertUnchanged(bucket);
    }

    @Test
    void oversizedChunkHeaderIsIncompleteBody() throws Exception {
        String bucket = bucketWithOriginal();
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_UNSIGNED_TRAILER, crc32(PAYLOAD),
                s -> s.replaceFirst("^2000\r\n", "2000;" + "e".repeat(10_000) + "\r\n")), 400, "IncompleteBody");
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_UNSIGNED_TRAILER, crc32(PAYLOAD),
                s -> s.replaceFirst("^2000\r\n", "ffffffffff\r\n")), 400, "IncompleteBody");
        assertUnchanged(bucket);
    }

    @Test
    void trailerChecksumMismatchIsBadDigestAndAMissingTrailerIsMalformed() throws Exception {
        String bucket = bucketWithOriginal();
        SignedSocket.Response wrong = chunkedPut(bucket, PayloadMode.STREAMING_UNSIGNED_TRAILER, crc32("other".getBytes()), s -> s);
        assertError(wrong, 400, "BadDigest");
        assertThat(wrong.body()).contains("The CRC32 you specified did not match the calculated checksum.");
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_SIGNED_TRAILER, crc32("other".getBytes()), s -> s), 400, "BadDigest");
        // x-amz-trailer promised a checksum the body does not carry.
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_UNSIGNED_TRAILER, null, s -> s), 400, "MalformedTrailerError");
        assertError(chunkedPut(bucket, PayloadMode.STREAMING_UNSIGNED_TRAILER, crc32(PAYLOAD),
                s -> s.replace("x-amz-checksum-crc32:", "x-amz-checksum-crc32")), 400, "MalformedTrailerError");
        assertUnchanged(bucket);
    }

    @Test
    void contentLengthShorterThanTheBodyCutsItAndTheSignatureCatchesIt() throws Exception {
        String bucket = bucketWithOriginal();
        byte[] body = "the whole body, more than five bytes".getBytes(StandardCharsets.US_ASCII);
        SignedSocket socket = socket();
        // Signed payload: the hash covers the whole body, the server reads only Content-Length bytes of it.
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        SignedRequest signed = socket.sign("PUT", "/" + bucket + "/k", List.of(Map.entry("content-length", "5")), sha256);
        assertError(socket.send(signed, List.of(), body), 400, "XAmzContentSHA256Mismatch");
        // Unsigned payload with a Content-MD5 of the whole body.
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        SignedRequest unsigned = socket.sign("PUT", "/" + bucket + "/k",
                List.of(Map.entry("content-length", "5"), Map.entry("content-md5", md5)), "UNSIGNED-PAYLOAD");
        assertError(socket.send(unsigned, List.of(), body), 400, "BadDigest");
        assertUnchanged(bucket);
    }

    @Test
    void bodiesThatStallOrTrickleAreCutWithRequestTimeout() throws Exception {
        // Content-Length longer than what is sent (the client then waits), and a body trickling at 20 B/s:
        // both fall below the default floor (1 KiB/s after a 5 s grace) and get AWS's RequestTimeout.
        String bucket = bucketWithOriginal();
        CompletableFuture<String> stalled = CompletableFuture.supplyAsync(() -> rawPut(bucket, 100_000, 50, 0));
        CompletableFuture<String> trickled = CompletableFuture.supplyAsync(() -> rawPut(bucket, 100_000, 0, 50));
        for (String response : List.of(stalled.get(30, TimeUnit.SECONDS), trickled.get(30, TimeUnit.SECONDS))) {
            assertThat(response).startsWith("HTTP/1.1 400 ").contains("<Code>RequestTimeout</Code>").contains(TIMEOUT_MESSAGE);
        }
        assertUnchanged(bucket);
    }

    /**
     * PUT bucket/k declaring {@code length} bytes, sending {@code upFront} at once and then one byte every
     * {@code trickleMillis} (0: none) until the server answers; returns the response head and body.
     */
    private static String rawPut(String bucket, int length, int upFront, int trickleMillis) {
        SignedSocket signer = socket();
        SignedRequest signed = signer.sign("PUT", "/" + bucket + "/k",
                List.of(Map.entry("content-length", Integer.toString(length))), "UNSIGNED-PAYLOAD");
        StringBuilder head = new StringBuilder("PUT /" + bucket + "/k HTTP/1.1\r\n");
        signed.headers().forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[upFront]);
            out.flush();
            if (trickleMillis > 0) {
                Thread trickler = new Thread(() -> {
                    try {
                        while (true) {
                            Thread.sleep(trickleMillis);
                            out.write('t');
                            out.flush();
                        }
                    } catch (Exception e) {
                        // cut by the server
                    }
                });
                trickler.setDaemon(true);
                trickler.start();
            }
            // The error response is small and the server closes after it: read to the end.
            return new String(socket.getInputStream().readNBytes(8192), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
