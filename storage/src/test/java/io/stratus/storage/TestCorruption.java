package io.stratus.storage;

import static io.stratus.storage.StorageTesting.dataFiles;
import static io.stratus.storage.StorageTesting.put;
import static io.stratus.storage.StorageTesting.randomBytes;
import static io.stratus.storage.StorageTesting.read;
import static io.stratus.storage.TestObjectStore.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.kv.KvBatch;
import io.stratus.kv.KvStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCorruption {
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
    void flippedByteInADataFileStopsTheReadBeforeTheBadBlock() throws Exception {
        byte[] body = randomBytes(3 * MIB + 100, 1);
        put(engine, "b", "k", body);
        flipByte(onlyDataFile(), MIB + 4242);

        StorageTesting.CollectingSink sink = new StorageTesting.CollectingSink();
        try (ObjectBody object = engine.objects().open("b", "k", 10, body.length - 10)) {
            assertThatThrownBy(() -> object.writeTo(sink))
                    .satisfies(e -> assertError(e, StorageError.CORRUPT_DATA))
                    .hasMessageContaining("b/k");
        }
        // Exactly the part of the range in block 0 arrived, nothing of block 1.
        assertThat(sink.bytes()).isEqualTo(Arrays.copyOfRange(body, 10, MIB));

        // Ranges that avoid the bad block still read.
        assertThat(read(engine, "b", "k", 0, MIB)).isEqualTo(Arrays.copyOf(body, MIB));
        assertThat(read(engine, "b", "k", 2L * MIB, MIB + 100)).isEqualTo(Arrays.copyOfRange(body, 2 * MIB, body.length));
        // A one-byte range inside the bad block is refused too.
        assertThatThrownBy(() -> read(engine, "b", "k", MIB + 1, 1)).satisfies(e -> assertError(e, StorageError.CORRUPT_DATA));
    }

    @Test
    void streamReportsCorruptionAsIOException() throws Exception {
        byte[] body = randomBytes(2 * MIB, 2);
        put(engine, "b", "k", body);
        flipByte(onlyDataFile(), MIB);
        try (ObjectBody object = engine.objects().open("b", "k", 0, body.length); InputStream in = object.openStream()) {
            byte[] first = in.readNBytes(MIB);
            assertThat(first).isEqualTo(Arrays.copyOf(body, MIB));
            assertThatThrownBy(in::read)
                    .isInstanceOf(IOException.class)
                    .cause().satisfies(e -> assertError(e, StorageError.CORRUPT_DATA));
        }
    }

    @Test
    void truncatedOrMissingDataFileIsCorrupt() throws Exception {
        byte[] body = randomBytes(MIB + 10, 3);
        put(engine, "b", "k", body);
        Path file = onlyDataFile();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(MIB + 5);
        }
        assertThatThrownBy(() -> read(engine, "b", "k")).satisfies(e -> assertError(e, StorageError.CORRUPT_DATA));
        Files.delete(file);
        assertThatThrownBy(() -> engine.objects().open("b", "k", 0, 1)).satisfies(e -> assertError(e, StorageError.CORRUPT_DATA));
    }

    @Test
    void flippedByteInAnInlineObjectIsCorrupt() throws Exception {
        byte[] body = randomBytes(5000, 4);
        put(engine, "b", "k", body);
        engine.close();

        // Rewrite the stored record with one inline byte flipped (its CRC left as it was).
        try (KvStore kv = KvStore.open(dir.resolve("meta"), MetaSchema.FAMILIES)) {
            long bucketId = new MetaTables(kv).bucket("b").orElseThrow().id();
            byte[] key = MetaSchema.objectKey(bucketId, "k");
            ObjectRecord record = ObjectRecord.decode(kv.get(MetaSchema.OBJECTS, key));
            ObjectData.Inline inline = (ObjectData.Inline) record.data();
            byte[] bytes = inline.bytes().clone();
            bytes[1234] ^= 0x01;
            ObjectRecord damaged = new ObjectRecord(record.size(), record.etag(), record.lastModified(), record.metadata(),
                    record.checksum(), record.parts(), new ObjectData.Inline(bytes, inline.crc32c()));
            try (KvBatch batch = kv.newBatch()) {
                kv.commit(batch.put(MetaSchema.OBJECTS, key, damaged.encode()));
            }
        }

        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
        StorageTesting.CollectingSink sink = new StorageTesting.CollectingSink();
        try (ObjectBody object = engine.objects().open("b", "k", 0, body.length)) {
            assertThatThrownBy(() -> object.writeTo(sink)).satisfies(e -> assertError(e, StorageError.CORRUPT_DATA));
        }
        assertThat(sink.bytes()).isEmpty();
    }

    private Path onlyDataFile() throws IOException {
        var files = dataFiles(engine, dir);
        assertThat(files).hasSize(1);
        return dir.resolve("data").resolve(files.iterator().next());
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x40);
        }
    }
}
