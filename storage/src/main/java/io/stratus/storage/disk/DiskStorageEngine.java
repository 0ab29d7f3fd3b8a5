package io.stratus.storage.disk;

import io.stratus.kv.KvException;
import io.stratus.kv.RocksKv;
import io.stratus.storage.BucketStore;
import io.stratus.storage.MultipartStore;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.StorageEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The local-disk storage engine. Data directory layout: {@code meta/} (RocksDB), {@code data/}
 * (object data files), {@code tmp/} (writes in progress, emptied at start-up).
 */
public final class DiskStorageEngine implements StorageEngine {
    private final RocksKv kv;
    private final DiskBucketStore buckets;
    private final DiskObjectStore objects;
    private final DiskMultipartStore multipart;
    private final OrphanSweeper sweeper;
    private final EngineContext ctx;

    private DiskStorageEngine(RocksKv kv, EngineContext ctx, OrphanSweeper sweeper) {
        this.kv = kv;
        this.ctx = ctx;
        this.objects = new DiskObjectStore(ctx);
        this.multipart = new DiskMultipartStore(ctx, objects);
        this.buckets = new DiskBucketStore(ctx, multipart);
        this.sweeper = sweeper;
    }

    public static DiskStorageEngine open(Path dataDir, DiskStorageOptions options) throws IOException {
        return open(dataDir, options, Clock.systemUTC());
    }

    public static DiskStorageEngine open(Path dataDir, DiskStorageOptions options, Clock clock) throws IOException {
        DataFiles files = new DataFiles(dataDir, options.minFreeBytes());
        files.clearTemp();
        RocksKv kv;
        try {
            kv = RocksKv.open(dataDir.resolve("meta"),
                    List.of(Keys.BUCKETS, Keys.OBJECTS, Keys.UPLOADS, Keys.PARTS, Keys.FILES), List.of(Keys.COUNTERS));
        } catch (KvException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            EngineContext ctx = new EngineContext(kv, files, options, clock);
            OrphanSweeper sweeper = new OrphanSweeper(kv, files.dataDir(), clock.instant());
            DiskStorageEngine engine = new DiskStorageEngine(kv, ctx, sweeper);
            Thread t = new Thread(sweeper, "stratus-orphan-sweep");
            t.setDaemon(true);
            t.start();
            return engine;
        } catch (RuntimeException e) {
            kv.close();
            throw new IOException("Cannot open storage engine: " + e.getMessage(), e);
        }
    }

    @Override
    public BucketStore buckets() {
        return buckets;
    }

    @Override
    public ObjectStore objects() {
        return objects;
    }

    @Override
    public MultipartStore multipart() {
        return multipart;
    }

    EngineContext context() {
        return ctx;
    }

    @Override
    public void close() {
        sweeper.stop();
        kv.close();
    }
}
