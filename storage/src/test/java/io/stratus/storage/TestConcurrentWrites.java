package io.stratus.storage;

import static io.stratus.storage.StorageTesting.dataFiles;
import static io.stratus.storage.StorageTesting.filesUnder;
import static io.stratus.storage.StorageTesting.md5Hex;
import static io.stratus.storage.StorageTesting.put;
import static io.stratus.storage.StorageTesting.randomBytes;
import static io.stratus.storage.StorageTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class TestConcurrentWrites {
    private static final int WRITERS = 32;

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
        engine.close();
    }

    @Test
    void concurrentWritersOfOneKeyEndAsExactlyOneOfThem() throws Exception {
        for (int size : new int[] {300_000, 1_000}) {
            Map<String, byte[]> bodiesByEtag = new HashMap<>();
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                byte[] body = randomBytes(size + i, size + i);
                bodies.add(body);
                bodiesByEtag.put(md5Hex(body), body);
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ObjectInfo>> futures = new ArrayList<>();
            for (byte[] body : bodies) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return put(engine, "b", "contended", body);
                }));
            }
            start.countDown();
            for (Future<ObjectInfo> future : futures) {
                future.get();
            }

            ObjectInfo winner = engine.objects().head("b", "contended");
            byte[] expected = bodiesByEtag.get(winner.etag());
            assertThat(expected).as("the final etag is one writer's").isNotNull();
            assertThat(winner.size()).isEqualTo(expected.length);
            assertThat(read(engine, "b", "contended")).isEqualTo(expected);
            assertThat(dataFiles(engine, dir)).hasSize(size > StorageOptions.DEFAULT_INLINE_THRESHOLD ? 1 : 0);
            assertThat(filesUnder(dir, "tmp")).isEmpty();
            assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(1, expected.length));
        }
    }

    @Test
    void concurrentWritersOfDifferentKeysAllLand() throws Exception {
        List<Future<ObjectInfo>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = "k" + i;
            byte[] body = randomBytes(i % 2 == 0 ? 10 : 200_000, i);
            futures.add(pool.submit(() -> put(engine, "b", key, body)));
        }
        long bytes = 0;
        for (Future<ObjectInfo> future : futures) {
            bytes += future.get().size();
        }
        assertThat(engine.objects().keys("b", "", 1000)).hasSize(200);
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(200, bytes));
        assertThat(dataFiles(engine, dir)).hasSize(100);
    }

    /**
     * Writers race a bucket that is emptied, deleted and recreated over and over. A write must
     * either fail or land in the bucket as it is named at that moment: an acknowledged object that
     * went into the deleted bucket would be invisible from then on, a lost write. The writers go
     * through the synchronous put, or through the group committer (putAsync).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writesRacingABucketDeleteAreNeverLost(boolean groupCommit) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> deletedByUs = new HashSet<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String key = "w" + writer + "-" + i;
                    try {
                        if (groupCommit) {
                            engine.objects().putAsync(StorageTesting.putRequest("b", key, new byte[] {(byte) i})).join();
                        } else {
                            put(engine, "b", key, new byte[] {(byte) i});
                        }
                        acknowledged.add(key);
                    } catch (StorageException e) {
                        // NoSuchBucket while the bucket is gone
                    } catch (CompletionException e) {
                        assertThat(e.getCause()).isInstanceOf(StorageException.class);
                    }
                    // Slower than the sweep below, so that the bucket is empty now and then.
                    Thread.sleep(10);
                }
                return null;
            }));
        }
        int deletes = 0;
        try {
            for (int round = 0; round < 1000 && deletes < 20; round++) {
                for (String key : engine.objects().keys("b", "", 100_000)) {
                    engine.objects().delete("b", key);
                    deletedByUs.add(key);
                }
                try {
                    engine.buckets().delete("b");
                } catch (StorageException e) {
                    continue; // a writer got in after the sweep: BucketNotEmpty
                }
                deletes++;
                engine.buckets().create("b", "us-east-1");
            }
            Thread.sleep(100); // writes into the bucket as last recreated
        } finally {
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get();
            }
        }
        assertThat(deletes).isPositive();
        // Reopened, so that the listing reads the metadata afresh rather than anything this process kept.
        engine.close();
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
        Set<String> present = new HashSet<>(engine.objects().keys("b", "", 100_000));
        for (String key : acknowledged) {
            assertThat(present.contains(key) || deletedByUs.contains(key)).as(key).isTrue();
        }
    }
}
