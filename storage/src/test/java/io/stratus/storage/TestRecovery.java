package io.stratus.storage;

import static io.stratus.storage.StorageTesting.filesUnder;
import static io.stratus.storage.StorageTesting.put;
import static io.stratus.storage.StorageTesting.randomBytes;
import static io.stratus.storage.StorageTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRecovery {
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
    void objectsPersistAcrossRestart() throws Exception {
        byte[] inline = randomBytes(500, 1);
        byte[] file = randomBytes(3 * 1024 * 1024 + 1, 2);
        ObjectInfo inlineInfo = put(engine, "b", "inline", inline);
        ObjectInfo fileInfo = put(engine, "b", "dir/file", file);
        reopen();
        assertThat(engine.objects().head("b", "inline")).isEqualTo(inlineInfo);
        assertThat(engine.objects().head("b", "dir/file")).isEqualTo(fileInfo);
        assertThat(read(engine, "b", "inline")).isEqualTo(inline);
        assertThat(read(engine, "b", "dir/file")).isEqualTo(file);
        assertThat(engine.orphanSweep().get()).isZero();
        assertThat(filesUnder(dir, "data")).hasSize(1);
    }

    @Test
    void usageCountersStayExactThroughOverwritesDeletesAndRestarts() throws Exception {
        put(engine, "b", "a", new byte[100]);
        put(engine, "b", "b", new byte[200_000]);
        put(engine, "b", "c", new byte[10]);
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(3, 200_110));
        put(engine, "b", "a", new byte[50]);
        engine.objects().delete("b", "c");
        engine.objects().delete("b", "missing");
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(2, 200_050));
        reopen();
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(2, 200_050));
        put(engine, "b", "d", new byte[1]);
        engine.objects().delete("b", "b");
        reopen();
        assertThat(engine.objects().usage()).isEqualTo(new ObjectStore.StorageUsage(2, 51));
    }

    @Test
    void leftoverTempFilesAndOrphanedDataFilesAreRemovedAtOpen() throws Exception {
        put(engine, "b", "kept", randomBytes(300_000, 3));
        Set<String> referenced = filesUnder(dir, "data");
        engine.close();

        // A crash mid-write leaves a temp file; a crash between rename and commit leaves a data
        // file nothing references. Both are from "before" this open.
        Path temp = dir.resolve("tmp").resolve(FileId.random().hex());
        Files.write(temp, new byte[1000]);
        Path orphan = new DataFiles(dir.resolve("data"), dir.resolve("tmp")).dataPath(FileId.random());
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[1000]);
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        Path foreign = dir.resolve("data").resolve("README");
        Files.writeString(foreign, "not ours");
        Files.setLastModifiedTime(foreign, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));

        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
        assertThat(filesUnder(dir, "tmp")).isEmpty();
        assertThat(engine.orphanSweep().get()).isEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(foreign).exists();
        assertThat(filesUnder(dir, "data")).containsAll(referenced).hasSize(referenced.size() + 1);
        assertThat(read(engine, "b", "kept")).hasSize(300_000);
    }

    @Test
    void sweepSparesFilesWrittenAfterOpen() throws Exception {
        reopen();
        // A data file of this run (not yet referenced) is newer than the open: never swept.
        Path recent = new DataFiles(dir.resolve("data"), dir.resolve("tmp")).dataPath(FileId.random());
        Files.createDirectories(recent.getParent());
        Files.write(recent, new byte[10]);
        assertThat(engine.orphanSweep().get()).isZero();
        assertThat(recent).exists();
    }

    private void reopen() {
        engine.close();
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
    }
}
