package io.stratus.kv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A thin, typed layer over RocksDB: named column families, point reads, bounded iterators and
 * write batches that are always committed with a synced WAL write. RocksDB groups concurrent
 * synced writers into one fsync (group commit), so callers never take a global lock to commit.
 * Column families named in {@code counterFamilies} use a 64-bit add merge operator: merging the
 * two's complement of a delta subtracts it.
 */
public final class RocksKv implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final DBOptions dbOptions;
    private final LRUCache blockCache;
    private final List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
    private final Map<String, ColumnFamilyHandle> families = new HashMap<>();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final WriteOptions syncWrite;

    private RocksKv(Path dir, List<String> plainFamilies, List<String> counterFamilies) throws KvException {
        try {
            Files.createDirectories(dir);
            blockCache = new LRUCache(64L * 1024 * 1024);
            dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2).setKeepLogFileNum(4);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, options(false)));
            List<String> names = new ArrayList<>();
            names.add("default");
            for (String name : plainFamilies) {
                descriptors.add(new ColumnFamilyDescriptor(bytes(name), options(false)));
                names.add(name);
            }
            for (String name : counterFamilies) {
                descriptors.add(new ColumnFamilyDescriptor(bytes(name), options(true)));
                names.add(name);
            }
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            for (int i = 0; i < names.size(); i++) {
                families.put(names.get(i), handles.get(i));
            }
            syncWrite = new WriteOptions().setSync(true);
        } catch (RocksDBException | java.io.IOException e) {
            throw new KvException("Cannot open metadata store at " + dir + ": " + e.getMessage(), e);
        }
    }

    public static RocksKv open(Path dir, List<String> families, List<String> counterFamilies) throws KvException {
        return new RocksKv(dir, families, counterFamilies);
    }

    private ColumnFamilyOptions options(boolean counter) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                .setFilterPolicy(new BloomFilter(10, false))
                .setBlockSize(16 * 1024);
        ColumnFamilyOptions o = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
        if (counter) {
            o.setMergeOperator(new UInt64AddOperator());
        }
        cfOptions.add(o);
        return o;
    }

    private ColumnFamilyHandle cf(String name) {
        ColumnFamilyHandle h = families.get(name);
        if (h == null) {
            throw new IllegalArgumentException("unknown column family " + name);
        }
        return h;
    }

    public byte[] get(String family, byte[] key) throws KvException {
        try {
            return db.get(cf(family), key);
        } catch (RocksDBException e) {
            throw new KvException("read failed: " + e.getMessage(), e);
        }
    }

    /** A new batch; commit it with {@link #commit(Batch)}. */
    public Batch batch() {
        return new Batch();
    }

    /** Writes the batch atomically and durably (synced WAL) before returning. */
    public void commit(Batch batch) throws KvException {
        try (WriteBatch wb = batch.batch) {
            db.write(syncWrite, wb);
        } catch (RocksDBException e) {
            throw new KvException("commit failed: " + e.getMessage(), e);
        }
    }

    /**
     * An iterator over [lower, upper) of a family (upper may be null = to the end). Close it.
     */
    public Cursor cursor(String family, byte[] upperBound) {
        ReadOptions ro = new ReadOptions();
        Slice upper = null;
        if (upperBound != null) {
            upper = new Slice(upperBound);
            ro.setIterateUpperBound(upper);
        }
        return new Cursor(db.newIterator(cf(family), ro), ro, upper);
    }

    @Override
    public void close() {
        try {
            db.cancelAllBackgroundWork(true);
            db.syncWal();
        } catch (RocksDBException ignored) {
            // closing anyway; the WAL was synced on every commit
        }
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        syncWrite.close();
        dbOptions.close();
        for (ColumnFamilyOptions o : cfOptions) {
            o.close();
        }
        blockCache.close();
    }

    /** Little-endian 64-bit encoding used by the add merge operator. */
    public static byte[] counterValue(long delta) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(delta).array();
    }

    public static long decodeCounter(byte[] value) {
        return value == null ? 0 : ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A set of writes applied atomically. */
    public final class Batch {
        private final WriteBatch batch = new WriteBatch();

        public Batch put(String family, byte[] key, byte[] value) throws KvException {
            try {
                batch.put(cf(family), key, value);
            } catch (RocksDBException e) {
                throw new KvException(e.getMessage(), e);
            }
            return this;
        }

        public Batch delete(String family, byte[] key) throws KvException {
            try {
                batch.delete(cf(family), key);
            } catch (RocksDBException e) {
                throw new KvException(e.getMessage(), e);
            }
            return this;
        }

        /** Adds {@code delta} (may be negative) to a counter in a counter family. */
        public Batch add(String family, byte[] key, long delta) throws KvException {
            try {
                batch.merge(cf(family), key, counterValue(delta));
            } catch (RocksDBException e) {
                throw new KvException(e.getMessage(), e);
            }
            return this;
        }
    }

    /** A positioned iterator; not thread-safe. */
    public static final class Cursor implements AutoCloseable {
        private final RocksIterator it;
        private final ReadOptions options;
        private final Slice upper;

        Cursor(RocksIterator it, ReadOptions options, Slice upper) {
            this.it = it;
            this.options = options;
            this.upper = upper;
        }

        public void seek(byte[] key) {
            it.seek(key);
        }

        public boolean valid() {
            return it.isValid();
        }

        public void next() {
            it.next();
        }

        public byte[] key() {
            return it.key();
        }

        public byte[] value() {
            return it.value();
        }

        @Override
        public void close() {
            it.close();
            options.close();
            if (upper != null) {
                upper.close();
            }
        }
    }
}
