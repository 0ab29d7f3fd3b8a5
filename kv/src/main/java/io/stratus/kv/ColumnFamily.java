package io.stratus.kv;

import static java.util.Objects.requireNonNull;

/**
 * A column family the caller declares when opening a {@link KvStore}. {@code pointLookups} adds a
 * whole-key bloom filter, which pays off for tables read with {@code get} (a miss then usually
 * costs no disk read) and costs nothing for range scans, which ignore it; and, for the same gets,
 * a hash index in each data block and a bloom filter over each memtable.
 */
public record ColumnFamily(String name, boolean pointLookups) {
    public ColumnFamily {
        requireNonNull(name, "name is null");
        if (name.isEmpty() || name.equals("default")) {
            // RocksDB's own default family always exists; callers declare only their own tables.
            throw new IllegalArgumentException("invalid column family name: '" + name + "'");
        }
    }
}
