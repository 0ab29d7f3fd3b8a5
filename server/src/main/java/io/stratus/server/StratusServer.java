package io.stratus.server;

import io.micrometer.core.instrument.Gauge;
import io.stratus.auth.Credential;
import io.stratus.auth.CredentialLookup;
import io.stratus.auth.SigV4Authenticator;
import io.stratus.http.HealthService;
import io.stratus.http.HttpMetrics;
import io.stratus.http.HttpServer;
import io.stratus.http.HttpServerConfig;
import io.stratus.http.MetricsService;
import io.stratus.s3.S3Authorizer;
import io.stratus.s3.S3Config;
import io.stratus.s3.S3Service;
import io.stratus.storage.LocalStorageEngine;
import io.stratus.storage.StorageEngine;
import io.stratus.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Stratus: opens the data directory, wires every service onto the one HTTP listener
 * and stops them in reverse order. Used by the command line and, in-process, by tests.
 */
public final class StratusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StratusServer.class);
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final StorageEngine storage;
    private final HttpServer http;
    private final RootCredentials root;
    private final URI endpoint;

    private StratusServer(StorageEngine storage, HttpServer http, RootCredentials root, URI endpoint) {
        this.storage = storage;
        this.http = http;
        this.root = root;
        this.endpoint = endpoint;
    }

    public static StratusServer start(StratusConfig config) throws IOException {
        RootCredentials root = RootCredentials.resolve(config);
        StorageEngine storage = LocalStorageEngine.open(config.dataDir(),
                StorageOptions.defaults().withMinFreeBytes(config.minFreeBytes()));
        try {
            HttpMetrics metrics = new HttpMetrics();
            Gauge.builder("stratus_storage_objects", storage.objects(), o -> o.usage().objects())
                    .description("Objects stored").register(metrics.registry());
            Gauge.builder("stratus_storage_bytes", storage.objects(), o -> o.usage().bytes())
                    .description("Bytes of object data stored").baseUnit("bytes").register(metrics.registry());
            SigV4Authenticator authenticator = new SigV4Authenticator(rootOnly(root), Clock.systemUTC(), config.region());
            S3Service s3 = new S3Service(S3Config.defaults(config.region()), storage, authenticator, S3Authorizer.SIGNED_ONLY);
            Map<String, String> states = new LinkedHashMap<>();
            states.put("s3", "running");
            HttpServer http = new HttpServer(HttpServerConfig.defaults(config.host(), config.port()),
                    List.of(new HealthService(() -> states), new MetricsService(metrics), s3), metrics);
            int port = http.start();
            URI endpoint = URI.create("http://" + hostForUrl(config.host()) + ":" + port);
            return new StratusServer(storage, http, root, endpoint);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** Until IAM lands, the root key pair is the only credential; compared by the authenticator in constant time. */
    private static CredentialLookup rootOnly(RootCredentials root) {
        byte[] rootKey = root.accessKeyId().getBytes(StandardCharsets.UTF_8);
        Credential credential = new Credential(root.accessKeyId(), root.secretKey(), "arn:aws:iam::000000000000:root", null);
        return accessKeyId -> MessageDigest.isEqual(rootKey, accessKeyId.getBytes(StandardCharsets.UTF_8))
                ? Optional.of(credential) : Optional.empty();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public RootCredentials rootCredentials() {
        return root;
    }

    /** Drains in-flight requests (bounded), then closes the metadata store cleanly. */
    @Override
    public void close() {
        try {
            http.stop(DRAIN);
        } finally {
            storage.close();
            log.info("Stratus stopped");
        }
    }
}
