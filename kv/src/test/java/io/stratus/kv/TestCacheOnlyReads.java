package io.stratus.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads that may not touch table files: answered from memory, refused where RocksDB would read a file. */
class TestCacheOnlyReads {
    private static final ColumnFamily THINGS = new ColumnFamily("things", true);

    @TempDir
    Path dir;

    @Test
    void answersFromMemoryAndRefusesWhereAFileWouldBeRead() {
        byte[] key = "k".getBytes(UTF_8);
        try (KvStore kv = KvStore.open(dir, List.of(THINGS))) {
            try (KvBatch batch = kv.newBatch()) {
                kv.commit(batch.put(THINGS, key, "v".getBytes(UTF_8)));
            }
            try (CacheOnlyReads.Scope scope = CacheOnlyReads.enter()) {
                assertThat(kv.get(THINGS, key)).asString(UTF_8).isEqualTo("v"); // memtable
            }
        }
        // Reopening replays the WAL into a table file; the block cache starts empty.
        try (KvStore kv = KvStore.open(dir, List.of(THINGS))) {
            try (CacheOnlyReads.Scope scope = CacheOnlyReads.enter()) {
                assertThatThrownBy(() -> kv.get(THINGS, key)).isInstanceOf(WouldBlockException.class);
                assertThatThrownBy(() -> kv.cursor(THINGS)).isInstanceOf(WouldBlockException.class);
            }
            assertThat(CacheOnlyReads.active()).isFalse();
            assertThat(kv.get(THINGS, key)).asString(UTF_8).isEqualTo("v"); // reads the block into the cache
            try (CacheOnlyReads.Scope scope = CacheOnlyReads.enter()) {
                assertThat(kv.get(THINGS, key)).asString(UTF_8).isEqualTo("v");
                assertThatThrownBy(CacheOnlyReads::enter).isInstanceOf(IllegalStateException.class);
            }
        }
    }
}
