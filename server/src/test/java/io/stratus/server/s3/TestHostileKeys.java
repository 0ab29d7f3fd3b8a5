package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.auth.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keys are data, never paths: dot segments, "/" and "." are stored and listed exactly as sent and
 * no file is written outside the data directory; keys that cannot mean one thing (NUL, invalid or
 * overlong UTF-8) are InvalidURI, keys over 1,024 UTF-8 bytes KeyTooLongError; nothing changes.
 */
class TestHostileKeys extends S3TestBase {
    private static SignedSocket socket() {
        return new SignedSocket(server.port(), ACCESS_KEY, SECRET_KEY, "us-east-1", "s3");
    }

    /** PUT with the path exactly as given on the wire (no client normalizes it), body "v". */
    private static SignedSocket.Response rawPut(String rawPath) throws Exception {
        SignedSocket socket = socket();
        SignedRequest signed = socket.sign("PUT", rawPath, List.of(Map.entry("content-length", "1")), "UNSIGNED-PAYLOAD");
        return socket.send(signed, List.of(), "v".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void dotSegmentsAndSlashesAreKeysAndNothingLeavesTheDataDirectory() throws Exception {
        String bucket = newBucket();
        Map<String, String> wireToKey = Map.of(
                "/" + bucket + "/../../etc/passwd", "../../etc/passwd",
                "/" + bucket + "/a/../../b", "a/../../b",
                "/" + bucket + "//", "/",
                "/" + bucket + "/.", ".",
                "/" + bucket + "/..", "..",
                "/" + bucket + "/%2E%2E/%2E%2E/%2E%2E/etc/shadow", "../../../etc/shadow");
        for (Map.Entry<String, String> e : wireToKey.entrySet()) {
            assertThat(rawPut(e.getKey()).status()).as(e.getKey()).isEqualTo(200);
        }
        for (Map.Entry<String, String> e : wireToKey.entrySet()) {
            // Read back raw as well: an HTTP client library may normalize "//" or "." before sending.
            SignedSocket socket = socket();
            SignedSocket.Response read = socket.send(socket.sign("GET", e.getKey(), List.of(), "UNSIGNED-PAYLOAD"), List.of(),
                    new byte[0]);
            assertThat(read.body()).as(e.getKey()).isEqualTo("v");
        }
        for (String key : List.of("../../etc/passwd", "a/../../b", ".", "..", "../../../etc/shadow")) {
            assertThat(get(bucket, key)).as("through the SDK: " + key).isEqualTo("v");
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                .containsExactlyInAnyOrderElementsOf(wireToKey.values());
        // Where a store that used keys as file paths would have written:
        assertThat(dataDir.resolve("etc")).doesNotExist();
        assertThat(dataDir.getParent().resolve("etc").resolve("shadow")).doesNotExist();
        Path root = dataDir.toRealPath();
        try (Stream<Path> files = Files.walk(root)) {
            files.forEach(f -> {
                assertThat(f.getFileName().toString()).isNotIn("passwd", "shadow", "b");
                assertThat(realPath(f)).startsWith(root);
            });
        }
    }

    @Test
    void nulAndInvalidUtf8InAKeyAreInvalidUri() throws Exception {
        String bucket = newBucket();
        for (String path : List.of("/" + bucket + "/nul%00key", "/" + bucket + "/bad%FFkey", "/" + bucket + "/half%C3",
                "/" + bucket + "/%C0%AE%C0%AE/overlong-dots", "/" + bucket + "/%ED%A0%80surrogate",
                "/" + bucket + "/raw\u00FFbyte")) {
            SignedSocket.Response response = rawPut(path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.code()).as(path).isEqualTo("InvalidURI");
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
    }

    @Test
    void keysOver1024Utf8BytesAreKeyTooLong() throws Exception {
        String bucket = newBucket();
        // 342 euro signs are 342 characters but 1,026 UTF-8 bytes: the limit counts bytes.
        for (String key : List.of("k".repeat(1025), "\u20AC".repeat(342))) {
            String encoded = java.net.URLEncoder.encode(key, StandardCharsets.UTF_8);
            SignedSocket.Response response = rawPut("/" + bucket + "/" + encoded);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.code()).isEqualTo("KeyTooLongError");
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
        assertThat(rawPut("/" + bucket + "/" + "\u20AC".repeat(341).replace("\u20AC", "%E2%82%AC")).status())
                .as("1,023 bytes").isEqualTo(200);
    }

    @Test
    void aDeleteDocumentWithOneBadEntryDeletesNothing() throws Exception {
        // The second entry has no Key: the whole document is MalformedXML, and the first key is not deleted.
        String bucket = newBucket();
        put(bucket, "keep", "v");
        byte[] xml = "<Delete><Object><Key>keep</Key></Object><Object><VersionId>x</VersionId></Object></Delete>"
                .getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(xml));
        var response = new RawS3(endpoint(), ACCESS_KEY, SECRET_KEY).send("POST", "/" + bucket, "delete=", xml,
                Map.of("content-md5", md5));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>MalformedXML</Code>");
        assertThat(get(bucket, "keep")).isEqualTo("v");
    }

    @Test
    void aCopySourceThatIsNotValidUtf8IsInvalidArgument() throws Exception {
        String bucket = newBucket();
        put(bucket, "a\uFFFD", "not this one");
        SignedSocket socket = socket();
        SignedRequest copy = socket.sign("PUT", "/" + bucket + "/target",
                List.of(Map.entry("x-amz-copy-source", "/" + bucket + "/a%FF"), Map.entry("content-length", "0")),
                "UNSIGNED-PAYLOAD");
        SignedSocket.Response response = socket.send(copy, List.of(), new byte[0]);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("InvalidArgument");
        assertThat(errorStatus(() -> s3.headObject(b -> b.bucket(bucket).key("target")))).isEqualTo(404);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath(); // removed meanwhile (temp file)
        }
    }
}
