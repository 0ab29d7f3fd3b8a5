package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/** The S3 Transfer Manager over the SDK's multipart async client: a 100 MiB upload and download. */
class TestTransferManager extends S3TestBase {
    @Test
    void uploadsAndDownloads100MiB(@TempDir Path tmp) throws Exception {
        String bucket = newBucket();
        Path source = tmp.resolve("source.bin");
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(source)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        Path target = tmp.resolve("target.bin");
        try (S3AsyncClient async = asyncClient(true); S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
            tm.uploadFile(u -> u.source(source).putObjectRequest(p -> p.bucket(bucket).key("big/file.bin"))).completionFuture().join();
            var head = s3.headObject(b -> b.bucket(bucket).key("big/file.bin"));
            assertThat(head.contentLength()).isEqualTo(100L * 1024 * 1024);
            assertThat(head.eTag()).contains("-");
            tm.downloadFile(d -> d.destination(target).getObjectRequest(g -> g.bucket(bucket).key("big/file.bin")))
                    .completionFuture().join();
        }
        assertThat(sha256(target)).isEqualTo(sha256(source));
    }

    @Test
    void plainAsyncClientWithDefaultChecksums() {
        String bucket = newBucket();
        try (S3AsyncClient async = asyncClient(false)) {
            async.putObject(b -> b.bucket(bucket).key("async.txt"),
                    software.amazon.awssdk.core.async.AsyncRequestBody.fromString("async body")).join();
            var got = async.getObject(b -> b.bucket(bucket).key("async.txt"),
                    software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes()).join();
            assertThat(got.asUtf8String()).isEqualTo("async body");
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
