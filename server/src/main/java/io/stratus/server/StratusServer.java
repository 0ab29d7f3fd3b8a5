package io.stratus.server;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.stratus.auth.Credential;
import io.stratus.auth.SigV4Authenticator;
import io.stratus.core.checksum.Checksummers;
import io.stratus.http.HealthService;
import io.stratus.http.HttpMetrics;
import io.stratus.http.HttpServer;
import io.stratus.http.HttpServerConfig;
import io.stratus.http.MetricsService;
import io.stratus.iam.BucketPolicies;
import io.stratus.iam.IamAuthorizer;
import io.stratus.iam.policy.MalformedPolicyException;
import io.stratus.iam.Identity;
import io.stratus.iam.policy.PolicyDecision;
import io.stratus.s3.BucketPolicyStore;
import io.stratus.s3.S3Authorizer;
import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Config;
import io.stratus.s3.S3Service;
import io.stratus.storage.LocalStorageEngine;
import io.stratus.storage.StorageEngine;
import io.stratus.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Stratus: opens the data directory, wires every service onto the one HTTP listener
 * and stops them in reverse order. Used by the command line and, in-process, by tests.
 */
public final class StratusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StratusServer.class);
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final String ACCOUNT_ID = "000000000000";
    private static final String ROOT_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":root";

    private final StorageEngine storage;
    private final Identity identity;
    private final HttpServer http;
    private final RootCredentials root;
    private final URI endpoint;

    private StratusServer(StorageEngine storage, Identity identity, HttpServer http, RootCredentials root, URI endpoint) {
        this.storage = storage;
        this.identity = identity;
        this.http = http;
        this.root = root;
        this.endpoint = endpoint;
    }

    public static StratusServer start(StratusConfig config) throws IOException {
        return start(config, Clock.systemUTC(), System.getenv());
    }

    /**
     * Starts with the given clock (request signing times, session token issue and expiry) and
     * environment (read for {@code STRATUS_LDAP_*} and {@code STRATUS_OIDC_*}), so that tests can
     * move time past an expiry and point directory sign-in at their own directory.
     */
    public static StratusServer start(StratusConfig config, Clock clock, Map<String, String> env) throws IOException {
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(env, "env is null");
        RootCredentials root = RootCredentials.resolve(config);
        Credential rootCredential = new Credential(root.accessKeyId(), root.secretKey(), ROOT_ARN, null);
        // The identity store and the object store are independent databases: opening them side by
        // side takes a good part off start-up (each loads its own classes and replays its own WAL).
        CompletableFuture<Identity> openingIdentity = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                openingIdentity.complete(Identity.fromEnvironment(config.dataDir().resolve("iam"), rootCredential,
                        ACCOUNT_ID, config.region(), clock, env));
            } catch (Throwable t) {
                openingIdentity.completeExceptionally(t);
            }
        }, "stratus-open-identity");
        opener.start();
        StorageEngine storage;
        try {
            storage = LocalStorageEngine.open(config.dataDir(),
                    StorageOptions.defaults().withMinFreeBytes(config.minFreeBytes())
                            .withDirectWrites(config.directWrites()));
        } catch (RuntimeException e) {
            openingIdentity.thenAccept(Identity::close);
            throw e;
        }
        Identity identity = null;
        try {
            identity = awaitIdentity(openingIdentity);
            HttpMetrics metrics = new HttpMetrics();
            Gauge.builder("stratus_storage_objects", storage.objects(), o -> o.usage().objects())
                    .description("Objects stored").register(metrics.registry());
            Gauge.builder("stratus_storage_bytes", storage.objects(), o -> o.usage().bytes())
                    .description("Bytes of object data stored").baseUnit("bytes").register(metrics.registry());
            SigV4Authenticator authenticator = new SigV4Authenticator(identity.credentials(), clock, config.region());
            S3Service s3 = new S3Service(S3Config.defaults(config.region()), storage, authenticator,
                    policyAuthorizer(identity.authorizer()), bucketPolicies(identity.bucketPolicies()));
            Map<String, String> states = new LinkedHashMap<>();
            states.put("s3", "running");
            states.put("iam", "running");
            states.put("sts", "running");
            // IAM/STS form posts to "/" must be offered before S3, which takes every other path.
            HttpServer http = new HttpServer(HttpServerConfig.defaults(config.host(), config.port()),
                    List.of(new HealthService(() -> states), new MetricsService(metrics), identity.queryService(), s3), metrics);
            int port = http.start();
            // The native CRC64NVME code takes about 0.2 s of CPU to load: after start-up rather than
            // competing with it for the cores, and still before most first uploads.
            Thread checksumLoader = new Thread(() -> log.info("CRC64NVME: {} code", Checksummers.loadCrc64Nvme()),
                    "stratus-load-crc64nvme");
            checksumLoader.setDaemon(true);
            checksumLoader.start();
            URI endpoint = URI.create("http://" + hostForUrl(config.host()) + ":" + port);
            return new StratusServer(storage, identity, http, root, endpoint);
        } catch (RuntimeException e) {
            if (identity != null) {
                identity.close();
            }
            storage.close();
            throw e;
        }
    }

    private static Identity awaitIdentity(CompletableFuture<Identity> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * Every S3 request is decided by the one policy engine (identity, bucket and session policies,
     * permissions boundaries). s3:ExistingObjectTag is handed over unresolved: the engine asks for it
     * only when a condition names it.
     */
    private static S3Authorizer policyAuthorizer(IamAuthorizer policies) {
        return (auth, operation, bucket, key, context) -> {
            PolicyDecision decision = policies.decide(auth, operation.action(), IamAuthorizer.s3Arn(bucket, key),
                    context.values(), context.lazy(operation, bucket, key)::apply);
            if (!decision.allowed()) {
                log.debug("Denied {} on {}/{}: {}", operation.action(), bucket, key, decision.reason());
                throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
            }
        };
    }

    private static BucketPolicyStore bucketPolicies(BucketPolicies store) {
        return new BucketPolicyStore() {
            @Override
            public void put(String bucket, String policyJson) throws S3Exception {
                try {
                    store.put(bucket, policyJson);
                } catch (MalformedPolicyException e) {
                    throw new S3Exception("MalformedPolicy", 400, e.getMessage(), Map.of());
                }
            }

            @Override
            public Optional<String> get(String bucket) {
                return store.get(bucket);
            }

            @Override
            public void delete(String bucket) {
                store.delete(bucket);
            }
        };
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
            identity.close();
            storage.close();
            log.info("Stratus stopped");
        }
    }
}
