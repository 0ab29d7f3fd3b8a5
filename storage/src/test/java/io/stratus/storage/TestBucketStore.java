package io.stratus.storage;

import static io.stratus.storage.StorageTesting.dataFiles;
import static io.stratus.storage.StorageTesting.put;
import static io.stratus.storage.StorageTesting.randomBytes;
import static io.stratus.storage.TestObjectStore.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.kv.KvStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestBucketStore {
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");

    @TempDir
    Path dir;
    private LocalStorageEngine engine;
    private BucketStore buckets;

    @BeforeEach
    void setUp() {
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        buckets = engine.buckets();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void createGetListAndRejectDuplicates() throws Exception {
        assertThat(buckets.create("zeta", "eu-west-1")).isEqualTo(new BucketInfo("zeta", NOW, "eu-west-1"));
        buckets.create("alpha", "us-east-1");
        buckets.create("mid", "us-east-1");
        assertThatThrownBy(() -> buckets.create("alpha", "us-east-1")).satisfies(e -> assertError(e, StorageError.BUCKET_ALREADY_EXISTS));
        assertThat(buckets.get("zeta")).contains(new BucketInfo("zeta", NOW, "eu-west-1"));
        assertThat(buckets.get("nope")).isEmpty();
        assertThat(buckets.list()).extracting(BucketInfo::name).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void deleteRequiresAnEmptyBucket() throws Exception {
        assertThatThrownBy(() -> buckets.delete("nope")).satisfies(e -> assertError(e, StorageError.NO_SUCH_BUCKET));
        buckets.create("b", "us-east-1");
        buckets.create("b2", "us-east-1");
        put(engine, "b", "k", new byte[] {1});
        put(engine, "b2", "k", new byte[] {1});
        assertThatThrownBy(() -> buckets.delete("b")).satisfies(e -> assertError(e, StorageError.BUCKET_NOT_EMPTY));
        engine.objects().delete("b", "k");
        buckets.delete("b");
        assertThat(buckets.get("b")).isEmpty();
        assertThat(buckets.list()).extracting(BucketInfo::name).containsExactly("b2");
        assertThatThrownBy(() -> put(engine, "b", "k", new byte[1])).satisfies(e -> assertError(e, StorageError.NO_SUCH_BUCKET));
    }

    @Test
    void deleteAbortsUploadsAndRemovesTheirFiles() throws Exception {
        buckets.create("b", "us-east-1");
        MultipartUpload upload = engine.multipart().create("b", "k", ObjectMetadata.empty(), null, null);
        byte[] part = randomBytes(200_000, 1);
        engine.multipart().uploadPart("b", "k", upload.uploadId(), 1, new ByteArrayInputStream(part), part.length, PreCommitCheck.NONE);
        assertThat(dataFiles(engine, dir)).hasSize(1);
        buckets.delete("b");
        assertThat(dataFiles(engine, dir)).isEmpty();

        buckets.create("b", "us-east-1");
        assertThatThrownBy(() -> engine.multipart().get("b", "k", upload.uploadId())).satisfies(e -> assertError(e, StorageError.NO_SUCH_UPLOAD));
        assertThat(engine.multipart().listUploads("b", null, null, null, null, 10).uploads()).isEmpty();
    }

    @Test
    void recreatedBucketNeverShowsOldKeys() throws Exception {
        buckets.create("b", "us-east-1");
        put(engine, "b", "k", new byte[] {1});
        engine.objects().delete("b", "k");
        buckets.delete("b");
        buckets.create("b", "us-east-1");
        assertThat(engine.objects().keys("b", "", 10)).isEmpty();
        put(engine, "b", "new", new byte[] {2});
        assertThat(engine.objects().keys("b", "", 10)).containsExactly("new");
    }

    /**
     * Reads find buckets through a cache: a delete must never leave its record there, not even
     * when a reader loads it while the delete commits. Readers hammer the bucket while it is
     * deleted and recreated; after each delete returns, a read must say NoSuchBucket, and after
     * each create a write must land in the new bucket.
     */
    @Test
    void readsNeverSeeADeletedBucket() throws Exception {
        buckets.create("b", "us-east-1");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        engine.objects().head("b", "k");
                    } catch (StorageException e) {
                        // NoSuchBucket or NoSuchKey, depending on the moment
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        try {
            for (int round = 0; round < 200; round++) {
                put(engine, "b", "k", new byte[] {(byte) round});
                assertThat(engine.objects().head("b", "k").size()).isEqualTo(1);
                engine.objects().delete("b", "k");
                buckets.delete("b");
                assertThatThrownBy(() -> engine.objects().head("b", "k"))
                        .satisfies(e -> assertError(e, StorageError.NO_SUCH_BUCKET));
                buckets.create("b", "us-east-1");
            }
        } finally {
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
        }
    }

    @Test
    void bucketsSurviveRestartAndIdsAreNotReused() throws Exception {
        buckets.create("a", "r1");
        buckets.delete("a");
        engine.close();
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        buckets = engine.buckets();
        buckets.create("b", "r2");
        assertThat(buckets.list()).containsExactly(new BucketInfo("b", NOW, "r2"));
        engine.close();
        try (KvStore kv = KvStore.open(dir.resolve("meta"), MetaSchema.FAMILIES)) {
            assertThat(new MetaTables(kv).bucket("b").orElseThrow().id()).isEqualTo(2);
        }
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
    }
}
