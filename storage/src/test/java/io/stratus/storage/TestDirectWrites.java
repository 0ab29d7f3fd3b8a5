package io.stratus.storage;

import static io.stratus.storage.StorageTesting.dataFiles;
import static io.stratus.storage.StorageTesting.filesUnder;
import static io.stratus.storage.StorageTesting.md5Hex;
import static io.stratus.storage.StorageTesting.randomBytes;
import static io.stratus.storage.StorageTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large bodies written with O_DIRECT (where the test's file system allows it) must be stored
 * byte for byte like those written through the page cache: the padding of the last block never
 * shows, a failure leaves no temp file, and every staging buffer goes back to its pool.
 */
class TestDirectWrites {
    private static final int MIB = 1024 * 1024;
    private static final int EIGHT_MIB = (int) BodyIngest.DIRECT_MIN_LENGTH;

    @TempDir
    Path dir;
    private LocalStorageEngine engine;

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    private void open(boolean direct) throws StorageException {
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults().withDirectWrites(direct));
        engine.buckets().create("b", "us-east-1");
    }

    /** Where the file system takes O_DIRECT, a large upload must have used a staging buffer. */
    private void assertStagedWhereSupported() {
        if (new DirectIo(dir.resolve("tmp"), true).alignment() > 0) {
            assertThat(BufferPool.STAGING.created()).as("staging buffers used").isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyTailLengthReadsBackExactly(boolean direct) throws Exception {
        open(direct);
        int[] sizes = {EIGHT_MIB, EIGHT_MIB + 1, EIGHT_MIB + 4095, EIGHT_MIB + 4096, EIGHT_MIB + MIB - 1, 9 * MIB + 12345};
        for (int i = 0; i < sizes.length; i++) {
            byte[] body = randomBytes(sizes[i], i);
            ObjectInfo info = engine.objects().put(request("k" + i, new ByteArrayInputStream(body), body.length));
            assertThat(info.size()).isEqualTo(body.length);
            assertThat(info.etag()).isEqualTo(md5Hex(body));
            assertThat(read(engine, "b", "k" + i)).as("size %d", sizes[i]).isEqualTo(body);
            assertThat(read(engine, "b", "k" + i, body.length - 5000, 5000))
                    .isEqualTo(java.util.Arrays.copyOfRange(body, body.length - 5000, body.length));
        }
        assertThat(dataFileSizes()).containsExactlyInAnyOrder(
                java.util.Arrays.stream(sizes).asLongStream().boxed().toArray(Long[]::new));
        assertThat(filesUnder(dir, "tmp")).isEmpty();
        assertPoolComplete();
    }

    @Test
    void bodyOfUnknownLengthIsWrittenDirectlyToo() throws Exception {
        open(true);
        byte[] body = randomBytes(3 * MIB + 7, 42);
        ObjectInfo info = engine.objects().put(request("k", new ByteArrayInputStream(body), -1));
        assertThat(info.etag()).isEqualTo(md5Hex(body));
        assertThat(read(engine, "b", "k")).isEqualTo(body);
        assertThat(dataFileSizes()).containsExactly((long) body.length);
        assertStagedWhereSupported();
        assertPoolComplete();
    }

    @Test
    void moreConcurrentUploadsThanStagingBuffersAllSucceed() throws Exception {
        open(true);
        assertThat(BufferPool.STAGING.created()).isLessThanOrEqualTo(16);
        int uploads = 12; // six times as many as there are staging pairs
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        try {
            List<Future<ObjectInfo>> results = new ArrayList<>();
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                byte[] body = randomBytes(EIGHT_MIB + 1000 * i, 100 + i);
                bodies.add(body);
                String key = "k" + i;
                results.add(pool.submit(() -> engine.objects().put(request(key, new ByteArrayInputStream(body), body.length))));
            }
            for (int i = 0; i < uploads; i++) {
                assertThat(results.get(i).get().etag()).isEqualTo(md5Hex(bodies.get(i)));
                assertThat(read(engine, "b", "k" + i)).isEqualTo(bodies.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(filesUnder(dir, "tmp")).isEmpty();
        assertPoolComplete();
    }

    @Test
    void failureMidBodyLeavesNothingAndReturnsTheBuffers() throws Exception {
        open(true);
        for (int failAfter : new int[] {10, 3 * MIB + 17, EIGHT_MIB + 5}) {
            IOException reset = new IOException("connection reset");
            assertThatThrownBy(() -> engine.objects().put(request("k", new StorageTesting.FailingStream(failAfter, reset), 20L * MIB)))
                    .isSameAs(reset);
            assertThatThrownBy(() -> engine.objects().put(request("k", new StorageTesting.FailingStream(failAfter, reset), -1)))
                    .isSameAs(reset);
        }
        assertThat(filesUnder(dir, "tmp")).isEmpty();
        assertThat(dataFiles(engine, dir)).isEmpty();
        assertPoolComplete();
    }

    private List<Long> dataFileSizes() throws IOException {
        List<Long> sizes = new ArrayList<>();
        for (String name : dataFiles(engine, dir)) {
            sizes.add(Files.size(dir.resolve("data").resolve(name)));
        }
        return sizes;
    }

    private static void assertPoolComplete() {
        assertThat(BufferPool.STAGING.idle()).as("staging buffers back in the pool").isEqualTo(BufferPool.STAGING.created());
    }

    private static PutObjectRequest request(String key, InputStream body, long length) {
        return new PutObjectRequest("b", key, ObjectMetadata.empty(), body, length, ChecksumAlgorithm.CRC64NVME,
                PreCommitCheck.NONE, WriteCondition.NONE);
    }
}
