package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Small uploads are answered on the event loop once their body is in, and acknowledged by the
 * group committer once durable: what the SDK sees must not differ from a worker's answer.
 */
class TestSmallWrites extends S3TestBase {
    private static final int THREADS = 8;

    @Test
    void concurrentSmallUploadsAreAllStoredAsSent() throws Exception {
        String bucket = newBucket();
        Map<String, byte[]> sent = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int i = 0; i < 40; i++) {
                        // Sizes up to just past the event-loop limit (64 KiB), so both paths take turns.
                        int size = i % 8 == 0 ? 65_536 + random.nextInt(2) : random.nextInt(20_000);
                        byte[] body = new byte[size];
                        random.nextBytes(body);
                        String key = "t" + thread + "/o" + i;
                        PutObjectResponse response = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
                        assertThat(response.eTag()).isEqualTo("\"" + md5(body) + "\"");
                        sent.put(key, body);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sent).hasSize(THREADS * 40);
        for (Map.Entry<String, byte[]> entry : sent.entrySet()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(entry.getKey())).asByteArray())
                    .as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isEqualTo(THREADS * 40);
    }

    @Test
    void racingCreateOnlyUploadsLetExactlyOneWin() throws Exception {
        String bucket = newBucket();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 3; round++) {
                String key = "once-" + round;
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger refused = new AtomicInteger();
                List<Future<String>> attempts = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String body = "writer " + t;
                    attempts.add(pool.submit(() -> {
                        start.await();
                        try {
                            s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString(body));
                            return body;
                        } catch (S3Exception e) {
                            assertThat(e.statusCode()).isEqualTo(412);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                            refused.incrementAndGet();
                            return null;
                        }
                    }));
                }
                start.countDown();
                List<String> winners = new ArrayList<>();
                for (Future<String> attempt : attempts) {
                    String won = attempt.get(30, TimeUnit.SECONDS);
                    if (won != null) {
                        winners.add(won);
                    }
                }
                assertThat(winners).hasSize(1);
                assertThat(refused.get()).isEqualTo(THREADS - 1);
                assertThat(get(bucket, key)).isEqualTo(winners.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletesAreAnsweredOnceDurable() {
        String bucket = newBucket();
        put(bucket, "doomed", "x");
        s3.deleteObject(b -> b.bucket(bucket).key("doomed"));
        assertThat(errorStatus(() -> s3.headObject(b -> b.bucket(bucket).key("doomed")))).isEqualTo(404);
        s3.deleteObject(b -> b.bucket(bucket).key("never-there")); // 204 as well: S3 semantics
        assertThat(errorCode(() -> s3.deleteObject(b -> b.bucket("no-such-bucket-here").key("k")))).isEqualTo("NoSuchBucket");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
    }

    @Test
    void aSmallUploadToAMissingBucketIsNoSuchBucket() {
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket("no-such-bucket-here").key("k"),
                RequestBody.fromString("x")))).isEqualTo("NoSuchBucket");
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
