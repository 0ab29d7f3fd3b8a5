package io.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Kill -9 at random moments under concurrent writes, restart on the same data directory, and
 * check that every acknowledged write reads back exactly, every acknowledged delete stays
 * deleted, nothing torn is visible, listing and GET agree, and no temp file survives recovery.
 * Each key is written by one thread only, so its state after a crash is either the last
 * acknowledged value or the one in flight when the process died.
 */
class TestCrashRecovery {
    private static final String ACCESS_KEY = "AKIACRASHTEST0000001";
    private static final String SECRET_KEY = "crash-test-secret-0123456789abcdefghijkl";
    private static final String BUCKET = "crash";
    /** 20 short rounds in the suite; the soak raises it: -Dstratus.crash.rounds=500 (see README). */
    private static final int ROUNDS = Integer.getInteger("stratus.crash.rounds", 20);
    private static final int WRITERS = 4;
    private static final int KEYS_PER_WRITER = 12;
    private static final String DELETED = "<deleted>";

    /** Per key: the acknowledged content hash, and the hash of a write in flight (null if none). */
    private final Map<String, String> acked = new ConcurrentHashMap<>();
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();

    @Test
    void acknowledgedWritesSurviveKillNine(@TempDir Path dataDir) throws Exception {
        Random random = new Random(20261127);
        for (int round = 0; round < ROUNDS; round++) {
            ChildServer server = ChildServer.start(dataDir, ACCESS_KEY, SECRET_KEY);
            try (S3Client s3 = client(server.endpoint); ChildServer killOnFailure = server) {
                assertThat(tempFiles(dataDir)).as("temp files after recovery, round " + round).isEmpty();
                try {
                    verify(s3, round);
                } catch (RuntimeException | AssertionError e) {
                    System.err.println("Server log of round " + round + ":\n" + server.log());
                    throw e;
                }
                if (round == 0) {
                    s3.createBucket(b -> b.bucket(BUCKET));
                }
                runWritersThenKill(s3, server, random, round);
            }
        }
        ChildServer last = ChildServer.start(dataDir, ACCESS_KEY, SECRET_KEY);
        try (S3Client s3 = client(last.endpoint)) {
            verify(s3, ROUNDS);
        } finally {
            last.close();
        }
    }

    private void runWritersThenKill(S3Client s3, ChildServer server, Random random, int round) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            long seed = random.nextLong();
            Thread t = new Thread(() -> writeLoop(s3, writer, new Random(seed), stop, round));
            t.start();
            threads.add(t);
        }
        Thread.sleep(200 + random.nextInt(700));
        server.kill();
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    private void writeLoop(S3Client s3, int writer, Random random, AtomicBoolean stop, int round) {
        int n = 0;
        while (!stop.get()) {
            String key = "w" + writer + "/k" + random.nextInt(KEYS_PER_WRITER);
            if (inFlight.containsKey(key)) {
                continue;
            }
            int op = random.nextInt(10);
            try {
                if (op < 5) {
                    int size = random.nextInt(4) == 0 ? 200_000 + random.nextInt(2_000_000) : random.nextInt(5000);
                    byte[] body = content(key, round, n++, size);
                    inFlight.put(key, sha(body));
                    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
                } else if (op < 7) {
                    inFlight.put(key, DELETED);
                    s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(ObjectIdentifier.builder().key(key).build())));
                } else if (op < 8) {
                    String source = "w" + writer + "/k" + random.nextInt(KEYS_PER_WRITER);
                    String sourceHash = acked.get(source);
                    if (sourceHash == null || sourceHash.equals(DELETED) || source.equals(key) || inFlight.containsKey(source)) {
                        continue;
                    }
                    inFlight.put(key, sourceHash);
                    s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(source).destinationBucket(BUCKET).destinationKey(key));
                } else {
                    byte[] body = content(key, round, n++, 100_000 + random.nextInt(300_000));
                    inFlight.put(key, sha(body));
                    String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
                    String etag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1),
                            RequestBody.fromBytes(body)).eTag();
                    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
                            .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
                }
                // Acknowledged: the value in flight is now the state.
                acked.put(key, inFlight.remove(key));
            } catch (RuntimeException e) {
                // The server died mid-request: the in-flight value stays possible, not acknowledged.
                return;
            }
        }
    }

    private void verify(S3Client s3, int round) throws Exception {
        if (round == 0) {
            return;
        }
        Set<String> listed = new HashSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).forEach(listed::add);
        Set<String> keys = new HashSet<>(acked.keySet());
        keys.addAll(inFlight.keySet());
        for (String key : keys) {
            String actual;
            try {
                actual = sha(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
            } catch (NoSuchKeyException e) {
                actual = DELETED;
            }
            String ack = acked.getOrDefault(key, DELETED);
            String pending = inFlight.get(key);
            assertThat(actual).as("round %d key %s", round, key).isIn(ack, pending == null ? ack : pending);
            assertThat(listed.contains(key)).as("listing agrees with GET for %s", key).isEqualTo(!actual.equals(DELETED));
            acked.put(key, actual);
        }
        inFlight.clear();
        assertThat(keys).containsAll(listed);
        // Uploads that were in flight are either listed and completable/abortable or absent.
        for (MultipartUpload u : s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()) {
            s3.abortMultipartUpload(b -> b.bucket(BUCKET).key(u.key()).uploadId(u.uploadId()));
        }
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    private static byte[] content(String key, int round, int n, int size) {
        byte[] b = new byte[size];
        new Random((key + "/" + round + "/" + n).hashCode()).nextBytes(b);
        return b;
    }

    private static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> tempFiles(Path dataDir) throws Exception {
        Path tmp = dataDir.resolve("tmp");
        if (!Files.exists(tmp)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }

    private static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
