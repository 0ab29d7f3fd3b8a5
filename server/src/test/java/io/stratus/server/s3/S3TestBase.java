package io.stratus.server.s3;

import io.stratus.server.StratusConfig;
import io.stratus.server.StratusServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Starts a real Stratus on an ephemeral port with a temporary data directory, once per test class,
 * and hands out official AWS SDK v2 clients with their default settings (checksums on).
 */
public abstract class S3TestBase {
    protected static final String ACCESS_KEY = "AKIATESTROOT00000001";
    protected static final String SECRET_KEY = "test-secret-key-0123456789abcdefghijklmn";

    protected static Path dataDir;
    protected static StratusServer server;
    protected static S3Client s3;

    @BeforeAll
    static void startServer() throws IOException {
        dataDir = Files.createTempDirectory("stratus-it");
        server = StratusServer.start(config(dataDir));
        s3 = client(true);
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
        deleteTree(dataDir);
    }

    protected static StratusConfig config(Path dir) {
        return StratusConfig.forDataDir(dir, 0).withRootCredentials(ACCESS_KEY, SECRET_KEY);
    }

    protected static URI endpoint() {
        return URI.create("http://localhost:" + server.port());
    }

    protected static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** An S3Client with default settings; virtual-host style resolves bucket.localhost to loopback. */
    protected static S3Client client(boolean pathStyle) {
        return client(endpoint(), pathStyle);
    }

    /** As {@link #client(boolean)}, at another name for this server (any *.localhost resolves to it). */
    protected static S3Client client(URI endpoint, boolean pathStyle) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .forcePathStyle(pathStyle)
                .httpClientBuilder(Apache5HttpClient.builder().dnsResolver(new LoopbackResolver()))
                .build();
    }

    protected static S3AsyncClient asyncClient(boolean multipart) {
        return S3AsyncClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .multipartEnabled(multipart)
                .build();
    }

    protected static String newBucket() {
        String name = "b-" + UUID.randomUUID().toString().substring(0, 13);
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    protected static void put(String bucket, String key, String body) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    protected static String get(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    /** The AWS error code of a failed call. */
    protected static String errorCode(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return code != null ? code : "HTTP" + e.statusCode();
        }
        throw new AssertionError("expected the call to fail");
    }

    protected static int errorStatus(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            return e.statusCode();
        }
        throw new AssertionError("expected the call to fail");
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Resolves every *.localhost name to loopback, as browsers and systemd-resolved do. */
    static final class LoopbackResolver implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
            if (host.equals("localhost") || host.endsWith(".localhost")) {
                return new InetAddress[] {InetAddress.getLoopbackAddress()};
            }
            return InetAddress.getAllByName(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
