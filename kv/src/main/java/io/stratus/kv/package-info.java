/**
 * A thin, typed layer over RocksDB: a store opened with a fixed set of column families, point
 * reads, bounded cursors and write batches that always commit with a synced WAL write.
 */
package io.stratus.kv;
