package io.stratus.storage;

import static io.stratus.storage.StorageTesting.md5Hex;
import static io.stratus.storage.StorageTesting.putRequest;
import static io.stratus.storage.StorageTesting.randomBytes;
import static io.stratus.storage.StorageTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small writes through {@link ObjectStore#putAsync}: many commit together on the group
 * committer's thread, and each is acknowledged only once durable, exactly as a synchronous put.
 */
class TestGroupCommit {
    private static final int WRITERS = 16;

    @TempDir
    Path dir;
    private LocalStorageEngine engine;
    private ExecutorService pool;

    @BeforeEach
    void setUp() throws Exception {
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
        engine.buckets().create("b", "us-east-1");
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        if (engine != null) {
            engine.close();
        }
    }

    /** Every acknowledged write is there after a reopen, and the usage counters add up (stripes shared within batches). */
    @Test
    void acknowledgedWritesSurviveAReopenAndUsageAddsUp() throws Exception {
        Map<String, byte[]> written = new ConcurrentHashMap<>();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                List<CompletableFuture<ObjectInfo>> pending = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    // Every writer also rewrites a few shared keys: same-key and same-stripe writes meet in a batch.
                    String key = i % 10 == 0 ? "shared-" + (i % 30) : "w" + writer + "/k" + i;
                    byte[] body = randomBytes(100 + (writer * 150 + i) % 3000, writer * 1000L + i);
                    CompletableFuture<ObjectInfo> done = engine.objects().putAsync(putRequest("b", key, body));
                    pending.add(done.thenApply(info -> {
                        assertThat(info.etag()).isEqualTo(md5Hex(body));
                        if (!key.startsWith("shared-")) {
                            written.put(key, body);
                        }
                        return info;
                    }));
                }
                pending.forEach(CompletableFuture::join);
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        ObjectStore.StorageUsage before = engine.objects().usage();
        engine.close();
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());

        long bytes = 0;
        for (Map.Entry<String, byte[]> entry : written.entrySet()) {
            assertThat(read(engine, "b", entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
            bytes += entry.getValue().length;
        }
        for (int s = 0; s < 3; s++) {
            bytes += engine.objects().head("b", "shared-" + s * 10).size();
        }
        assertThat(written).hasSize(WRITERS * 135);
        ObjectStore.StorageUsage usage = engine.objects().usage();
        assertThat(usage).isEqualTo(new ObjectStore.StorageUsage(WRITERS * 135 + 3, bytes));
        assertThat(usage).as("the counters loaded after the reopen match the ones kept in memory").isEqualTo(before);
    }

    /** If-None-Match: * from many writers at once: one creates the object, every other one is refused. */
    @Test
    void createOnlyWritesOfOneKeyLetExactlyOneWin() throws Exception {
        for (int round = 0; round < 5; round++) {
            String key = "once-" + round;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<CompletableFuture<ObjectInfo>>> submitted = new ArrayList<>();
            Map<String, byte[]> bodies = new HashMap<>();
            for (int w = 0; w < WRITERS; w++) {
                byte[] body = randomBytes(500 + w, round * 100L + w);
                bodies.put(md5Hex(body), body);
                submitted.add(pool.submit(() -> {
                    start.await();
                    return engine.objects().putAsync(new PutObjectRequest("b", key, ObjectMetadata.empty(),
                            new ByteArrayInputStream(body), body.length, ChecksumAlgorithm.CRC64NVME,
                            PreCommitCheck.NONE, new WriteCondition(true, null)));
                }));
            }
            start.countDown();
            int won = 0;
            int refused = 0;
            for (Future<CompletableFuture<ObjectInfo>> future : submitted) {
                try {
                    future.get().join();
                    won++;
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(StorageException.class,
                            se -> assertThat(se.error()).isEqualTo(StorageError.PRECONDITION_FAILED));
                    refused++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(refused).isEqualTo(WRITERS - 1);
            ObjectInfo stored = engine.objects().head("b", key);
            assertThat(read(engine, "b", key)).isEqualTo(bodies.get(stored.etag()));
        }
        assertThat(engine.objects().usage().objects()).isEqualTo(5);
    }

    @Test
    void aWriteIntoADeletedBucketIsRefusedAndChangesNothing() throws Exception {
        engine.buckets().create("gone", "us-east-1");
        engine.objects().putAsync(putRequest("gone", "k", randomBytes(10, 1))).join();
        engine.objects().delete("gone", "k");
        engine.buckets().delete("gone");
        assertThatThrownBy(() -> engine.objects().putAsync(putRequest("gone", "k", randomBytes(10, 2))).join())
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.error()).isEqualTo(StorageError.NO_SUCH_BUCKET));
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(0, 0));
    }

    /** Over its budget the queue refuses writes (BUSY) instead of holding them: each is refused whole or kept whole. */
    @Test
    void aFullQueueRefusesWritesWithoutChangingAnything() throws Exception {
        engine.close();
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults().withGroupCommitQueueBytes(1));
        Map<String, byte[]> kept = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    String key = "w" + writer + "-" + i;
                    byte[] body = randomBytes(200, writer * 1000L + i);
                    try {
                        engine.objects().putAsync(putRequest("b", key, body)).join();
                        kept.put(key, body);
                    } catch (CompletionException e) {
                        assertThat(e.getCause()).isInstanceOfSatisfying(StorageException.class,
                                se -> assertThat(se.error()).isEqualTo(StorageError.BUSY));
                        refused.add(key);
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        // With room for one write at a time and 16 writers, many find it taken; but each got an answer.
        assertThat(refused).isNotEmpty();
        assertThat(kept.size() + refused.size()).isEqualTo(WRITERS * 100);
        for (String key : refused) {
            assertThatThrownBy(() -> engine.objects().head("b", key)).isInstanceOf(StorageException.class);
        }
        for (Map.Entry<String, byte[]> entry : kept.entrySet()) {
            assertThat(read(engine, "b", entry.getKey())).isEqualTo(entry.getValue());
        }
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(kept.size(), 200L * kept.size()));
    }

    /** Closing the engine commits what is queued: every write is either acknowledged and kept, or refused. */
    @Test
    void closingCommitsWhatIsQueued() throws Exception {
        List<CompletableFuture<ObjectInfo>> pending = new ArrayList<>();
        Map<CompletableFuture<ObjectInfo>, String> keys = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            CompletableFuture<ObjectInfo> done = engine.objects().putAsync(putRequest("b", "k" + i, randomBytes(64, i)));
            pending.add(done);
            keys.put(done, "k" + i);
        }
        engine.close();
        List<String> acknowledged = new ArrayList<>();
        for (CompletableFuture<ObjectInfo> done : pending) {
            assertThat(done).as("closing completes every queued write").isDone();
            if (!done.isCompletedExceptionally()) {
                acknowledged.add(keys.get(done));
            }
        }
        assertThatThrownBy(() -> engine.objects().putAsync(putRequest("b", "late", randomBytes(64, 1))).join())
                .hasRootCauseInstanceOf(Exception.class);
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
        assertThat(acknowledged).hasSize(500);
        for (String key : acknowledged) {
            assertThat(engine.objects().head("b", key).size()).isEqualTo(64);
        }
    }
}
