package io.stratus.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestKvStore {
    private static final ColumnFamily THINGS = new ColumnFamily("things", true);
    private static final ColumnFamily RANGES = new ColumnFamily("ranges", false);
    private static final List<ColumnFamily> FAMILIES = List.of(THINGS, RANGES);

    @TempDir
    Path dir;

    @Test
    void putGetDeleteAndPersistAcrossReopen() {
        try (KvStore store = KvStore.open(dir, FAMILIES)) {
            try (KvBatch batch = store.newBatch()) {
                batch.put(THINGS, bytes("a"), bytes("1")).put(THINGS, bytes("b"), bytes("2")).put(RANGES, bytes("a"), bytes("other"));
                assertThat(batch.count()).isEqualTo(3);
                store.commit(batch);
            }
            try (KvBatch batch = store.newBatch()) {
                store.commit(batch.delete(THINGS, bytes("b")));
            }
            assertThat(store.get(THINGS, bytes("a"))).isEqualTo(bytes("1"));
            assertThat(store.get(THINGS, bytes("b"))).isNull();
            assertThat(store.get(RANGES, bytes("a"))).isEqualTo(bytes("other"));
        }
        try (KvStore store = KvStore.open(dir, FAMILIES)) {
            assertThat(store.get(THINGS, bytes("a"))).isEqualTo(bytes("1"));
            assertThat(store.get(THINGS, bytes("b"))).isNull();
            assertThat(store.get(RANGES, bytes("a"))).isEqualTo(bytes("other"));
        }
    }

    @Test
    void reopenWithFewerDeclaredFamiliesKeepsTheOthers() {
        try (KvStore store = KvStore.open(dir, FAMILIES); KvBatch batch = store.newBatch()) {
            store.commit(batch.put(RANGES, bytes("k"), bytes("v")));
        }
        try (KvStore store = KvStore.open(dir, List.of(THINGS))) {
            assertThatThrownBy(() -> store.get(RANGES, bytes("k"))).isInstanceOf(IllegalArgumentException.class);
        }
        try (KvStore store = KvStore.open(dir, FAMILIES)) {
            assertThat(store.get(RANGES, bytes("k"))).isEqualTo(bytes("v"));
        }
    }

    @Test
    void cursorHonoursBoundsAndSeeks() {
        try (KvStore store = KvStore.open(dir, FAMILIES)) {
            try (KvBatch batch = store.newBatch()) {
                for (String key : List.of("a", "b/1", "b/2", "b/3", "b0", "c", "é")) {
                    batch.put(RANGES, bytes(key), bytes(key.toUpperCase()));
                }
                store.commit(batch);
            }
            try (KvCursor cursor = store.prefixCursor(RANGES, bytes("b/"))) {
                cursor.seek(bytes("b/"));
                assertThat(drain(cursor)).containsExactly("b/1", "b/2", "b/3");
            }
            try (KvCursor cursor = store.cursor(RANGES, null, bytes("b0"))) {
                cursor.seek(bytes("b/2"));
                assertThat(drain(cursor)).containsExactly("b/2", "b/3");
            }
            try (KvCursor cursor = store.cursor(RANGES)) {
                cursor.seekToFirst();
                // Unsigned byte order: 'é' (0xC3 0xA9) sorts after every ASCII key.
                assertThat(drain(cursor)).containsExactly("a", "b/1", "b/2", "b/3", "b0", "c", "é");
            }
            try (KvCursor cursor = store.cursor(RANGES)) {
                cursor.seek(bytes("b/1"));
                assertThat(cursor.value()).isEqualTo(bytes("B/1"));
                cursor.seek(ByteKeys.successor(bytes("b/")));
                assertThat(new String(cursor.key(), UTF_8)).isEqualTo("b0");
            }
        }
    }

    @Test
    void useAfterCloseFailsInsteadOfCrashing() {
        KvStore store = KvStore.open(dir, FAMILIES);
        KvCursor cursor = store.cursor(THINGS);
        KvBatch batch = store.newBatch();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.get(THINGS, bytes("a"))).isInstanceOf(KvException.class);
        assertThatThrownBy(() -> cursor.seek(bytes("a"))).isInstanceOf(KvException.class);
        assertThatThrownBy(() -> store.commit(batch)).isInstanceOf(KvException.class);
        cursor.close();
        batch.close();
    }

    @Test
    void concurrentCommitsAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (KvStore store = KvStore.open(dir, FAMILIES)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        try (KvBatch batch = store.newBatch()) {
                            store.commit(batch.put(THINGS, bytes(thread + "-" + i), bytes("x")));
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            try (KvCursor cursor = store.cursor(THINGS)) {
                cursor.seekToFirst();
                assertThat(drain(cursor)).hasSize(400);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsDuplicateAndReservedNames() {
        assertThatThrownBy(() -> KvStore.open(dir, List.of(THINGS, new ColumnFamily("things", false))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ColumnFamily("default", false)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> drain(KvCursor cursor) {
        List<String> keys = new ArrayList<>();
        for (; cursor.isValid(); cursor.next()) {
            keys.add(new String(cursor.key(), UTF_8));
        }
        return keys;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
