package io.stratus.storage;

import static io.stratus.storage.StorageTesting.crc32cBase64;
import static io.stratus.storage.StorageTesting.dataFiles;
import static io.stratus.storage.StorageTesting.filesUnder;
import static io.stratus.storage.StorageTesting.md5Hex;
import static io.stratus.storage.StorageTesting.put;
import static io.stratus.storage.StorageTesting.putRequest;
import static io.stratus.storage.StorageTesting.randomBytes;
import static io.stratus.storage.StorageTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestObjectStore {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;
    private LocalStorageEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
        engine.buckets().create("b", "us-east-1");
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void smallObjectIsInlineAndReadsBack() throws Exception {
        byte[] body = randomBytes(1000, 1);
        ObjectMetadata metadata = new ObjectMetadata(Map.of("content-type", "text/plain"), Map.of("color", "blue"), Map.of("t", "1"));
        ObjectInfo info = engine.objects().put(new PutObjectRequest("b", "small", metadata, new ByteArrayInputStream(body),
                body.length, ChecksumAlgorithm.CRC32C, PreCommitCheck.NONE, WriteCondition.NONE));

        assertThat(info.size()).isEqualTo(1000);
        assertThat(info.etag()).isEqualTo(md5Hex(body));
        assertThat(info.checksum()).isEqualTo(new ChecksumValue(ChecksumAlgorithm.CRC32C, crc32cBase64(body), ChecksumValue.ChecksumType.FULL_OBJECT));
        assertThat(info.parts()).isEmpty();
        assertThat(engine.objects().head("b", "small")).isEqualTo(info);
        assertThat(read(engine, "b", "small")).isEqualTo(body);
        assertThat(read(engine, "b", "small", 10, 20)).isEqualTo(Arrays.copyOfRange(body, 10, 30));
        assertThat(dataFiles(engine, dir)).isEmpty();
    }

    @Test
    void largeObjectGoesToOneFileAndReadsAcrossBlocks() throws Exception {
        byte[] body = randomBytes(3 * MIB + 12345, 2);
        ObjectInfo info = put(engine, "b", "big", body);
        assertThat(info.etag()).isEqualTo(md5Hex(body));
        assertThat(dataFiles(engine, dir)).hasSize(1);
        assertThat(filesUnder(dir, "tmp")).isEmpty();

        StorageTesting.CollectingSink sink = new StorageTesting.CollectingSink();
        try (ObjectBody object = engine.objects().open("b", "big", 0, body.length)) {
            object.writeTo(sink);
        }
        assertThat(sink.bytes()).isEqualTo(body);
        assertThat(sink.lent).as("full-size blocks go out from their verified buffers").isEqualTo(3);
        assertThat(sink.transfers).as("the 12345-byte last block goes zero-copy").isEqualTo(1);
        assertThat(sink.writes).isZero();
        assertThat(BufferPool.BLOCKS.idle()).as("every lent buffer came back").isEqualTo(BufferPool.BLOCKS.created());

        long[][] ranges = {
            {0, 10}, {MIB - 5, 10}, {1, body.length - 2}, {2L * MIB, MIB}, {body.length - 1, 1},
            {MIB, 2L * MIB + 1}, {123, 0}, {3L * MIB, 12345},
        };
        for (long[] range : ranges) {
            byte[] expected = Arrays.copyOfRange(body, (int) range[0], (int) (range[0] + range[1]));
            assertThat(read(engine, "b", "big", range[0], range[1])).as("range %s+%s", range[0], range[1]).isEqualTo(expected);
        }
    }

    @Test
    void withNoPooledBufferFreeWholeBlocksAreSentFromTheFileInstead() throws Exception {
        byte[] body = randomBytes(3 * MIB + 12345, 5);
        put(engine, "b", "big", body);
        java.util.List<java.nio.ByteBuffer> taken = new java.util.ArrayList<>();
        try {
            // All but one pooled buffer are out (say, lent to slow connections): the walk reads each
            // block into that one and cannot lend it without a replacement for the next block.
            for (java.nio.ByteBuffer b = BufferPool.BLOCKS.tryAcquire(); b != null; b = BufferPool.BLOCKS.tryAcquire()) {
                taken.add(b);
            }
            BufferPool.BLOCKS.release(taken.remove(taken.size() - 1));
            StorageTesting.CollectingSink sink = new StorageTesting.CollectingSink();
            try (ObjectBody object = engine.objects().open("b", "big", 0, body.length)) {
                object.writeTo(sink);
            }
            assertThat(sink.bytes()).isEqualTo(body);
            assertThat(sink.lent).isZero();
            assertThat(sink.transfers).isEqualTo(4);
            assertThat(BufferPool.BLOCKS.idle()).isEqualTo(1);
        } finally {
            taken.forEach(BufferPool.BLOCKS::release);
        }
        assertThat(BufferPool.BLOCKS.idle()).isEqualTo(BufferPool.BLOCKS.created());
    }

    @Test
    void openWithASelectorReadsTheMetadataOnceForHeadersAndBytes() throws Exception {
        byte[] body = randomBytes(2 * MIB + 9, 4);
        ObjectInfo stored = put(engine, "b", "sel", body);
        ObjectInfo[] seen = new ObjectInfo[1];
        StorageTesting.CollectingSink sink = new StorageTesting.CollectingSink();
        try (ObjectBody object = engine.objects().open("b", "sel", info -> {
            seen[0] = info;
            return new long[] {info.size() - 10, 10};
        })) {
            object.writeTo(sink);
            assertThat(object.info()).isEqualTo(seen[0]);
        }
        assertThat(seen[0]).isEqualTo(stored);
        assertThat(sink.bytes()).isEqualTo(Arrays.copyOfRange(body, body.length - 10, body.length));

        // What the selector throws comes out unchanged (it runs before any file is opened).
        assertThatThrownBy(() -> engine.objects().open("b", "sel", info -> {
            throw new java.util.concurrent.TimeoutException("declined " + info.size());
        })).isInstanceOf(java.util.concurrent.TimeoutException.class).hasMessage("declined " + body.length);
        assertThatThrownBy(() -> engine.objects().open("b", "sel", info -> new long[] {1, info.size()}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.objects().open("b", "missing", info -> new long[] {0, 0}))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void openStreamGivesTheSameBytes() throws Exception {
        byte[] body = randomBytes(2 * MIB + 7, 3);
        put(engine, "b", "k", body);
        try (ObjectBody object = engine.objects().open("b", "k", 100, body.length - 200); InputStream in = object.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(body, 100, body.length - 100));
        }
        put(engine, "b", "inline", new byte[] {1, 2, 3});
        try (ObjectBody object = engine.objects().open("b", "inline", 1, 2); InputStream in = object.openStream()) {
            assertThat(in.readAllBytes()).containsExactly(2, 3);
        }
    }

    @Test
    void unknownLengthPicksInlineOrFileByWhatArrives() throws Exception {
        byte[] small = randomBytes(100, 4);
        byte[] large = randomBytes(StorageOptions.DEFAULT_INLINE_THRESHOLD + 1, 5);
        byte[] exact = randomBytes(StorageOptions.DEFAULT_INLINE_THRESHOLD, 6);
        for (var entry : Map.of("small", small, "large", large, "exact", exact).entrySet()) {
            engine.objects().put(new PutObjectRequest("b", entry.getKey(), ObjectMetadata.empty(),
                    new ByteArrayInputStream(entry.getValue()), -1, null, PreCommitCheck.NONE, WriteCondition.NONE));
            assertThat(read(engine, "b", entry.getKey())).isEqualTo(entry.getValue());
            assertThat(engine.objects().head("b", entry.getKey()).checksum()).isNull();
        }
        assertThat(dataFiles(engine, dir)).hasSize(1);
    }

    @Test
    void emptyObject() throws Exception {
        ObjectInfo info = put(engine, "b", "empty", new byte[0]);
        assertThat(info.size()).isZero();
        assertThat(info.etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(read(engine, "b", "empty")).isEmpty();
    }

    @Test
    void overwriteReplacesBytesAndFreesTheOldFile() throws Exception {
        put(engine, "b", "k", randomBytes(300_000, 7));
        var first = dataFiles(engine, dir);
        byte[] second = randomBytes(400_000, 8);
        put(engine, "b", "k", second);
        var afterSecond = dataFiles(engine, dir);
        assertThat(afterSecond).hasSize(1).doesNotContainAnyElementsOf(first);
        assertThat(read(engine, "b", "k")).isEqualTo(second);

        byte[] inline = randomBytes(10, 9);
        put(engine, "b", "k", inline);
        assertThat(dataFiles(engine, dir)).isEmpty();
        assertThat(read(engine, "b", "k")).isEqualTo(inline);
    }

    @Test
    void deleteRemovesRecordAndFile() throws Exception {
        put(engine, "b", "k", randomBytes(300_000, 10));
        engine.objects().delete("b", "k");
        assertThatThrownBy(() -> engine.objects().head("b", "k")).satisfies(e -> assertError(e, StorageError.NO_SUCH_KEY));
        assertThatThrownBy(() -> engine.objects().open("b", "k", 0, 0)).satisfies(e -> assertError(e, StorageError.NO_SUCH_KEY));
        assertThat(dataFiles(engine, dir)).isEmpty();
        engine.objects().delete("b", "k");
        engine.objects().delete("b", "never-existed");
    }

    @Test
    void readThatIsOpenSurvivesAnOverwriteAndDelete() throws Exception {
        byte[] old = randomBytes(2 * MIB, 11);
        put(engine, "b", "k", old);
        try (ObjectBody body = engine.objects().open("b", "k", 0, old.length)) {
            put(engine, "b", "k", randomBytes(2 * MIB, 12));
            engine.objects().delete("b", "k");
            StorageTesting.CollectingSink sink = new StorageTesting.CollectingSink();
            body.writeTo(sink);
            assertThat(sink.bytes()).isEqualTo(old);
        }
    }

    @Test
    void ifNoneMatchStarFailsWhenTheKeyExists() throws Exception {
        WriteCondition create = new WriteCondition(true, null);
        byte[] first = randomBytes(200_000, 13);
        engine.objects().put(withCondition(putRequest("b", "k", first), create));
        var files = dataFiles(engine, dir);

        assertThatThrownBy(() -> engine.objects().put(withCondition(putRequest("b", "k", randomBytes(200_000, 14)), create)))
                .satisfies(e -> assertError(e, StorageError.PRECONDITION_FAILED));
        assertThat(read(engine, "b", "k")).isEqualTo(first);
        assertThat(dataFiles(engine, dir)).isEqualTo(files);
        assertThat(filesUnder(dir, "tmp")).isEmpty();
    }

    @Test
    void ifMatchComparesTheCurrentEtag() throws Exception {
        byte[] first = randomBytes(100, 15);
        String etag = put(engine, "b", "k", first).etag();
        assertThatThrownBy(() -> engine.objects().put(withCondition(putRequest("b", "k", new byte[] {1}), new WriteCondition(false, "0000"))))
                .satisfies(e -> assertError(e, StorageError.PRECONDITION_FAILED));
        assertThat(read(engine, "b", "k")).isEqualTo(first);

        engine.objects().put(withCondition(putRequest("b", "k", new byte[] {2}), new WriteCondition(false, etag)));
        assertThat(read(engine, "b", "k")).containsExactly(2);

        assertThatThrownBy(() -> engine.objects().put(withCondition(putRequest("b", "missing", new byte[] {1}), new WriteCondition(false, etag))))
                .satisfies(e -> assertError(e, StorageError.NO_SUCH_KEY));
    }

    @Test
    void failingPreCommitCheckLeavesNothingAndPropagatesUnchanged() throws Exception {
        for (int size : new int[] {50, 2 * MIB}) {
            IllegalStateException failure = new IllegalStateException("bad digest");
            AtomicInteger calls = new AtomicInteger();
            byte[] body = randomBytes(size, size);
            PreCommitCheck check = digests -> {
                calls.incrementAndGet();
                assertThat(digests.size()).isEqualTo(body.length);
                assertThat(digests.md5()).isEqualTo(io.stratus.core.util.Hex.decode(md5Hex(body)));
                assertThat(digests.checksumBase64()).isEqualTo(crc32cBase64(body));
                throw failure;
            };
            PutObjectRequest request = new PutObjectRequest("b", "k", ObjectMetadata.empty(), new ByteArrayInputStream(body),
                    body.length, ChecksumAlgorithm.CRC32C, check, WriteCondition.NONE);
            assertThatThrownBy(() -> engine.objects().put(request)).isSameAs(failure);
            assertThat(calls).hasValue(1);
            assertThatThrownBy(() -> engine.objects().head("b", "k")).satisfies(e -> assertError(e, StorageError.NO_SUCH_KEY));
            assertThat(filesUnder(dir, "tmp")).isEmpty();
            assertThat(dataFiles(engine, dir)).isEmpty();
        }
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(0, 0));
    }

    @Test
    void bodyShorterOrLongerThanDeclaredIsIncomplete() throws Exception {
        for (int size : new int[] {0, 10, 500_000}) {
            byte[] body = randomBytes(size, 16);
            assertIncomplete(body, size + 1);
            assertIncomplete(body, size + 100_000);
            if (size > 0) {
                assertIncomplete(body, size - 1);
                assertIncomplete(body, 0);
            }
        }
        assertThat(filesUnder(dir, "tmp")).isEmpty();
        assertThat(dataFiles(engine, dir)).isEmpty();
    }

    @Test
    void aBodyLongerThanTheFlushIntervalIsFlushedBehindAndReadsBackWhole() throws Exception {
        byte[] body = randomBytes((int) (2.5 * FlushBehind.INTERVAL_BYTES) + 7, 8);
        ObjectInfo info = put(engine, "b", "flushed", body);
        assertThat(info.etag()).isEqualTo(md5Hex(body));
        assertThat(read(engine, "b", "flushed")).isEqualTo(body);
        assertThat(filesUnder(dir, "tmp")).isEmpty();
    }

    @Test
    void aBodyThatFailsAfterAFlushStartedLeavesNoFile() throws Exception {
        int failAfter = (int) (1.5 * FlushBehind.INTERVAL_BYTES);
        IOException reset = new IOException("connection reset");
        assertThatThrownBy(() -> engine.objects().put(bodyRequest(new StorageTesting.FailingStream(failAfter, reset),
                3 * FlushBehind.INTERVAL_BYTES))).isSameAs(reset);
        assertThat(filesUnder(dir, "tmp")).isEmpty();
        assertThat(dataFiles(engine, dir)).isEmpty();
    }

    @Test
    void exceptionsFromTheBodyPropagateUnchanged() throws Exception {
        for (int failAfter : new int[] {10, 1_000_000}) {
            RuntimeException signature = new SecurityException("signature mismatch");
            IOException reset = new IOException("connection reset");
            assertThatThrownBy(() -> engine.objects().put(bodyRequest(new StorageTesting.FailingStream(failAfter, signature), 2_000_000)))
                    .isSameAs(signature);
            assertThatThrownBy(() -> engine.objects().put(bodyRequest(new StorageTesting.FailingStream(failAfter, reset), -1)))
                    .isSameAs(reset);
        }
        assertThat(filesUnder(dir, "tmp")).isEmpty();
        assertThat(dataFiles(engine, dir)).isEmpty();
    }

    @Test
    void freeSpaceReserveRejectsWrites() throws Exception {
        engine.close();
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults().withMinFreeBytes(Long.MAX_VALUE / 2));
        assertThatThrownBy(() -> put(engine, "b", "k", new byte[] {1})).satisfies(e -> assertError(e, StorageError.INSUFFICIENT_STORAGE));
        assertThatThrownBy(() -> engine.objects().head("b", "k")).satisfies(e -> assertError(e, StorageError.NO_SUCH_KEY));
    }

    @Test
    void diskFillingUpWhileWritingFailsAndCleansUp() throws Exception {
        engine.close();
        AtomicInteger checks = new AtomicInteger();
        // Plenty of room at the first check, then the disk "fills" under the reserve.
        DiskSpace filling = () -> checks.incrementAndGet() == 1 ? Long.MAX_VALUE / 2 : 1024;
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults(), Clock.systemUTC(), filling);
        assertThatThrownBy(() -> put(engine, "b", "k", randomBytes(20 * MIB, 17)))
                .satisfies(e -> assertError(e, StorageError.INSUFFICIENT_STORAGE));
        assertThat(checks.get()).isGreaterThan(1);
        assertThat(filesUnder(dir, "tmp")).isEmpty();
        assertThat(dataFiles(engine, dir)).isEmpty();
        assertThatThrownBy(() -> engine.objects().head("b", "k")).satisfies(e -> assertError(e, StorageError.NO_SUCH_KEY));
    }

    @Test
    void replaceMetadataKeepsTheBytes() throws Exception {
        byte[] body = randomBytes(300_000, 18);
        ObjectInfo before = put(engine, "b", "k", body);
        ObjectMetadata metadata = new ObjectMetadata(Map.of("content-type", "image/png"), Map.of("a", "b"), Map.of());
        ObjectInfo after = engine.objects().replaceMetadata("b", "k", metadata, new WriteCondition(false, before.etag()));
        assertThat(after.metadata()).isEqualTo(metadata);
        assertThat(after.etag()).isEqualTo(before.etag());
        assertThat(engine.objects().head("b", "k")).isEqualTo(after);
        assertThat(read(engine, "b", "k")).isEqualTo(body);

        assertThatThrownBy(() -> engine.objects().replaceMetadata("b", "k", metadata, new WriteCondition(false, "nope")))
                .satisfies(e -> assertError(e, StorageError.PRECONDITION_FAILED));
        assertThatThrownBy(() -> engine.objects().replaceMetadata("b", "missing", metadata, WriteCondition.NONE))
                .satisfies(e -> assertError(e, StorageError.NO_SUCH_KEY));
    }

    @Test
    void missingBucketIsReportedByEveryOperation() {
        assertThatThrownBy(() -> put(engine, "nope", "k", new byte[1])).satisfies(e -> assertError(e, StorageError.NO_SUCH_BUCKET));
        assertThatThrownBy(() -> engine.objects().head("nope", "k")).satisfies(e -> assertError(e, StorageError.NO_SUCH_BUCKET));
        assertThatThrownBy(() -> engine.objects().open("nope", "k", 0, 0)).satisfies(e -> assertError(e, StorageError.NO_SUCH_BUCKET));
        assertThatThrownBy(() -> engine.objects().delete("nope", "k")).satisfies(e -> assertError(e, StorageError.NO_SUCH_BUCKET));
        assertThatThrownBy(() -> engine.objects().list(new ListRequest("nope", null, null, null, 10)))
                .satisfies(e -> assertError(e, StorageError.NO_SUCH_BUCKET));
    }

    private void assertIncomplete(byte[] body, long declared) {
        assertThatThrownBy(() -> engine.objects().put(new PutObjectRequest("b", "k", ObjectMetadata.empty(),
                new ByteArrayInputStream(body), declared, null, PreCommitCheck.NONE, WriteCondition.NONE)))
                .as("body of %s declared as %s", body.length, declared)
                .satisfies(e -> assertError(e, StorageError.INCOMPLETE_BODY));
        assertThatThrownBy(() -> engine.objects().head("b", "k")).satisfies(e -> assertError(e, StorageError.NO_SUCH_KEY));
    }

    static void assertError(Throwable e, StorageError error) {
        assertThat(e).isInstanceOf(StorageException.class);
        assertThat(((StorageException) e).error()).isEqualTo(error);
    }

    private static PutObjectRequest withCondition(PutObjectRequest r, WriteCondition condition) {
        return new PutObjectRequest(r.bucket(), r.key(), r.metadata(), r.body(), r.contentLength(), r.checksumAlgorithm(), r.check(), condition);
    }

    private static PutObjectRequest bodyRequest(InputStream body, long length) {
        return new PutObjectRequest("b", "k", ObjectMetadata.empty(), body, length, ChecksumAlgorithm.SHA256, PreCommitCheck.NONE, WriteCondition.NONE);
    }
}
