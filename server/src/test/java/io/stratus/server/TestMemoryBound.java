package io.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Bodies stream: a `stratus server` with a 192 MiB heap takes 64 concurrent 16 MiB uploads (1 GiB
 * in flight, more than five times its heap) from the AWS SDK with default settings (aws-chunked,
 * signed chunks, CRC trailer), every one succeeds and reads back byte for byte, and the process's
 * peak resident memory stays under 512 MiB. The test JVM generates the bodies as they are sent.
 */
class TestMemoryBound {
    private static final String ACCESS_KEY = "AKIAMEMORYTEST000001";
    private static final String SECRET_KEY = "memory-test-secret-0123456789abcdefghijk";
    private static final int UPLOADS = 64;
    private static final long SIZE = 16L * 1024 * 1024;
    private static final long RSS_LIMIT = 512L * 1024 * 1024;

    @Test
    void sixtyFourConcurrentLargeUploadsStayWithinBoundedMemory(@TempDir Path dataDir) throws Exception {
        ChildServer server = ChildServer.start(dataDir, ACCESS_KEY, SECRET_KEY, "-Xmx192m");
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
        try (ChildServer stopped = server; S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket("big"));
            List<Future<String>> etags = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                long seed = i;
                etags.add(pool.submit(() -> s3.putObject(b -> b.bucket("big").key("object-" + seed),
                        RequestBody.fromContentProvider(() -> new GeneratedBody(seed, SIZE), SIZE, "application/octet-stream"))
                        .eTag()));
            }
            List<Future<String>> expected = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                long seed = i;
                expected.add(pool.submit(() -> GeneratedBody.md5Hex(seed, SIZE)));
            }
            for (int i = 0; i < UPLOADS; i++) {
                assertThat(etags.get(i).get()).as("ETag of object-" + i).isEqualTo("\"" + expected.get(i).get() + "\"");
            }
            long peakAfterUploads = server.peakRssBytes();

            List<Future<String>> readBack = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                String key = "object-" + i;
                readBack.add(pool.submit(() -> md5Hex(s3, key)));
            }
            for (int i = 0; i < UPLOADS; i++) {
                assertThat(readBack.get(i).get()).as("content of object-" + i).isEqualTo(expected.get(i).get());
            }
            long peak = server.peakRssBytes();
            System.out.printf("TestMemoryBound: child peak RSS %d MiB after uploads, %d MiB after reads%n",
                    peakAfterUploads >> 20, peak >> 20);
            assertThat(peak).as("peak RSS of the server process (bytes)").isLessThan(RSS_LIMIT);
        } catch (Throwable t) {
            System.err.println("Server log:\n" + server.log());
            throw t;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String md5Hex(S3Client s3, String key) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] buf = new byte[64 * 1024];
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket("big").key(key))) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md5.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static S3Client client(ChildServer server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(UPLOADS)
                        .socketTimeout(Duration.ofSeconds(60)))
                .build();
    }
}
