package io.stratus.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.core.io.BodySink;
import io.stratus.storage.ChecksumValue;
import io.stratus.storage.ListRequest;
import io.stratus.storage.ListResult;
import io.stratus.storage.ObjectBody;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.ObjectMetadata;
import io.stratus.storage.PartInfo;
import io.stratus.storage.PreCommitCheck;
import io.stratus.storage.PutObjectRequest;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import io.stratus.storage.WriteCondition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDiskStorageEngine {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;
    private DiskStorageEngine engine;

    @BeforeEach
    void open() throws Exception {
        engine = DiskStorageEngine.open(dir, DiskStorageOptions.defaults().withMinFreeBytes(0));
        engine.buckets().create("b", "us-east-1");
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void reopen() throws IOException {
        engine.close();
        engine = DiskStorageEngine.open(dir, DiskStorageOptions.defaults().withMinFreeBytes(0));
    }

    private ObjectInfo put(String key, byte[] data) throws Exception {
        return engine.objects().put(new PutObjectRequest("b", key, ObjectMetadata.empty(), new ByteArrayInputStream(data),
                data.length, ChecksumAlgorithm.CRC32C, PreCommitCheck.NONE, WriteCondition.NONE));
    }

    private byte[] read(String key, long offset, long length) throws Exception {
        try (ObjectBody body = engine.objects().open("b", key, offset, length)) {
            return drain(body);
        }
    }

    private static byte[] drain(ObjectBody body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(new BodySink() {
            @Override
            public void write(ByteBuffer bytes) {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                out.write(b, 0, b.length);
            }

            @Override
            public void transferFile(FileChannel file, long position, long count) throws IOException {
                ByteBuffer b = ByteBuffer.allocate((int) count);
                file.read(b, position);
                out.write(b.array(), 0, (int) count);
            }
        });
        return out.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<Path> dataFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
            return s.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }

    @Test
    void inlineAndFileObjectsReadBackExactlyIncludingRangesAcrossBlocks() throws Exception {
        byte[] small = random(1000, 1);
        byte[] big = random(3 * MIB + 77, 2);
        put("small", small);
        put("big", big);
        assertThat(dataFiles()).hasSize(1);
        assertThat(read("small", 0, small.length)).isEqualTo(small);
        assertThat(read("big", 0, big.length)).isEqualTo(big);
        assertThat(read("big", MIB - 5, MIB + 10)).isEqualTo(java.util.Arrays.copyOfRange(big, MIB - 5, 2 * MIB + 5));
        try (ObjectBody body = engine.objects().open("b", "big", 10, 2 * MIB)) {
            assertThat(body.openStream().readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(big, 10, 2 * MIB + 10));
        }
        reopen();
        assertThat(read("big", 0, big.length)).isEqualTo(big);
        assertThat(engine.objects().head("b", "big").checksum().algorithm()).isEqualTo(ChecksumAlgorithm.CRC32C);
    }

    @Test
    void flippedByteInAFileIsDetectedBeforeAnyByteOfTheBlockIsServed() throws Exception {
        byte[] big = random(2 * MIB + 10, 3);
        put("big", big);
        Path file = dataFiles().get(0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(MIB + 100);
            int b = raf.read();
            raf.seek(MIB + 100);
            raf.write(b ^ 0x01);
        }
        List<Long> served = new ArrayList<>();
        try (ObjectBody body = engine.objects().open("b", "big", 0, big.length)) {
            assertThatThrownBy(() -> body.writeTo(new BodySink() {
                @Override
                public void write(ByteBuffer bytes) {
                    served.add((long) bytes.remaining());
                }

                @Override
                public void transferFile(FileChannel f, long position, long count) {
                    served.add(position);
                }
            })).isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.CORRUPT_DATA));
        }
        // Only the first (intact) block went out.
        assertThat(served).containsExactly(0L);
        Scrubber.Report report = new Scrubber(engine).run();
        assertThat(report.damaged()).extracting(Scrubber.Damage::key).containsExactly("big");
    }

    @Test
    void flippedByteOfAnInlineObjectIsDetected() throws Exception {
        put("tiny", "hello world".getBytes(StandardCharsets.UTF_8));
        long bucketId = engine.context().bucket("b").id();
        byte[] key = Keys.object(bucketId, "tiny");
        byte[] value = engine.context().kv.get(Keys.OBJECTS, key);
        String s = new String(value, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("hello world");
        value[at] ^= 0x20;
        engine.context().kv.commit(engine.context().kv.batch().put(Keys.OBJECTS, key, value));
        assertThatThrownBy(() -> read("tiny", 0, 11)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.error()).isEqualTo(StorageError.CORRUPT_DATA));
    }

    @Test
    void overwriteAndDeleteFreeDataFilesAndKeepCountersExact() throws Exception {
        put("k", random(MIB, 4));
        put("k", random(2 * MIB, 5));
        assertThat(dataFiles()).hasSize(1);
        put("other", random(10, 6));
        assertThat(engine.objects().usage()).isEqualTo(new io.stratus.storage.ObjectStore.StorageUsage(2, 2L * MIB + 10));
        engine.objects().delete("b", "k");
        assertThat(dataFiles()).isEmpty();
        reopen();
        assertThat(engine.objects().usage()).isEqualTo(new io.stratus.storage.ObjectStore.StorageUsage(1, 10));
    }

    @Test
    void failedCheckOrShortBodyLeavesNothing() throws Exception {
        byte[] data = random(MIB, 7);
        assertThatThrownBy(() -> engine.objects().put(new PutObjectRequest("b", "x", ObjectMetadata.empty(),
                new ByteArrayInputStream(data), data.length, null, d -> {
                    throw new IllegalStateException("digest mismatch");
                }, WriteCondition.NONE))).hasMessage("digest mismatch");
        assertThatThrownBy(() -> engine.objects().put(new PutObjectRequest("b", "x", ObjectMetadata.empty(),
                new ByteArrayInputStream(data), data.length + 1, null, PreCommitCheck.NONE, WriteCondition.NONE)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.INCOMPLETE_BODY));
        assertThatThrownBy(() -> engine.objects().put(new PutObjectRequest("b", "x", ObjectMetadata.empty(),
                new ByteArrayInputStream(data), 100, null, PreCommitCheck.NONE, WriteCondition.NONE)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.INCOMPLETE_BODY));
        assertThatThrownBy(() -> engine.objects().head("b", "x")).isInstanceOf(StorageException.class);
        assertThat(dataFiles()).isEmpty();
        try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp.count()).isZero();
        }
    }

    @Test
    void conditionalWrites() throws Exception {
        engine.objects().put(new PutObjectRequest("b", "c", ObjectMetadata.empty(), new ByteArrayInputStream(new byte[] {1}), 1,
                null, PreCommitCheck.NONE, new WriteCondition(true, null)));
        assertThatThrownBy(() -> engine.objects().put(new PutObjectRequest("b", "c", ObjectMetadata.empty(),
                new ByteArrayInputStream(new byte[] {2}), 1, null, PreCommitCheck.NONE, new WriteCondition(true, null))))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.PRECONDITION_FAILED));
        assertThat(read("c", 0, 1)).containsExactly(1);
    }

    @Test
    void concurrentWritersOfOneKeyEndAsExactlyOneOfThem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<ObjectInfo>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            byte[] data = random(200_000 + i, 100 + i);
            results.add(pool.submit(() -> put("hot", data)));
        }
        Set<String> etags = new java.util.HashSet<>();
        for (Future<ObjectInfo> f : results) {
            etags.add(f.get().etag());
        }
        pool.shutdown();
        ObjectInfo winner = engine.objects().head("b", "hot");
        assertThat(etags).contains(winner.etag());
        int index = (int) (winner.size() - 200_000);
        assertThat(read("hot", 0, winner.size())).isEqualTo(random(200_000 + index, 100 + index));
        assertThat(dataFiles()).hasSize(1);
    }

    @Test
    void listingWithDelimiterSeeksPastPrefixesAndPagesWithoutRepeats() throws Exception {
        List<String> keys = new ArrayList<>();
        for (String d : new String[] {"a/", "a/b/", "b/", "é/", "a-"}) {
            for (int i = 0; i < 50; i++) {
                keys.add(d + String.format("%03d", i));
            }
        }
        keys.add("a");
        keys.add("z");
        for (String k : keys) {
            put(k, k.getBytes(StandardCharsets.UTF_8));
        }
        ListResult top = engine.objects().list(new ListRequest("b", "", "/", null, 1000));
        assertThat(top.commonPrefixes()).containsExactly("a/", "b/", "é/");
        assertThat(top.objects()).extracting(ObjectInfo::key).startsWith("a", "a-000").endsWith("z");
        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            ListResult page = engine.objects().list(new ListRequest("b", "", "/", after, 7));
            seen.addAll(page.commonPrefixes());
            page.objects().forEach(o -> seen.add(o.key()));
            if (!page.truncated()) {
                break;
            }
            after = page.nextStartAfter();
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(3 + 50 + 2);
        ListResult nested = engine.objects().list(new ListRequest("b", "a/", "/", null, 1000));
        assertThat(nested.commonPrefixes()).containsExactly("a/b/");
        assertThat(nested.objects()).hasSize(50);
    }

    @Test
    void multipartCompleteReusesPartFilesAndSurvivesRestart() throws Exception {
        var upload = engine.multipart().create("b", "mp", ObjectMetadata.empty(), ChecksumAlgorithm.CRC32,
                ChecksumValue.ChecksumType.COMPOSITE);
        byte[] p1 = random(5 * MIB, 8);
        byte[] p2 = random(300, 9);
        PartInfo i1 = engine.multipart().uploadPart("b", "mp", upload.uploadId(), 1, new ByteArrayInputStream(p1), p1.length, PreCommitCheck.NONE);
        engine.multipart().uploadPart("b", "mp", upload.uploadId(), 2, new ByteArrayInputStream(p2), p2.length, PreCommitCheck.NONE);
        engine.multipart().uploadPart("b", "mp", upload.uploadId(), 3, new ByteArrayInputStream(p2), p2.length, PreCommitCheck.NONE);
        Set<Path> before = Set.copyOf(dataFiles());
        assertThat(i1.checksum()).isNotNull();
        engine.multipart().complete("b", "mp", upload.uploadId(), List.of(1, 2), "etag-2", null, WriteCondition.NONE);
        assertThat(Set.copyOf(dataFiles())).isEqualTo(before);
        reopen();
        byte[] all = new byte[p1.length + p2.length];
        System.arraycopy(p1, 0, all, 0, p1.length);
        System.arraycopy(p2, 0, all, p1.length, p2.length);
        assertThat(read("mp", 0, all.length)).isEqualTo(all);
        assertThat(engine.objects().head("b", "mp").parts()).extracting(PartInfo::partNumber).containsExactly(1, 2);
        assertThatThrownBy(() -> engine.multipart().get("b", "mp", upload.uploadId()))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.NO_SUCH_UPLOAD));
    }

    @Test
    void leftoversOfACrashAreRemovedAtStart() throws Exception {
        put("keep", random(MIB, 10));
        Path orphan = dir.resolve("data").resolve("ab").resolve("cd").resolve("abcdorphan");
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(orphan, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.write(dir.resolve("tmp").resolve("half-written.tmp"), new byte[100]);
        reopen();
        try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp.count()).isZero();
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (Files.exists(orphan) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(orphan).doesNotExist();
        assertThat(read("keep", 0, MIB)).isEqualTo(random(MIB, 10));
    }

    @Test
    void bucketDeleteRules() throws Exception {
        put("x", new byte[] {1});
        assertThatThrownBy(() -> engine.buckets().delete("b"))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.BUCKET_NOT_EMPTY));
        engine.objects().delete("b", "x");
        engine.multipart().create("b", "u", ObjectMetadata.empty(), null, null);
        engine.buckets().delete("b");
        assertThat(engine.buckets().get("b")).isEmpty();
        engine.buckets().create("b", "us-east-1");
        assertThat(engine.objects().list(new ListRequest("b", "", null, null, 10)).objects()).isEmpty();
    }
}
