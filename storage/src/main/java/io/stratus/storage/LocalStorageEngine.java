package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import io.stratus.kv.KvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine on a local data directory:
 * <pre>
 *   meta/   RocksDB: buckets, objects, uploads, parts, files, counters (see {@link MetaSchema})
 *   data/   object data files, data/ab/cd/abcd...(32 hex), names generated, never from keys
 *   tmp/    files being written; emptied at every open
 * </pre>
 * Open clears tmp/ and starts a background sweep of data/ for files no record references;
 * it neither waits for that sweep nor scans metadata, so it takes the same time at any size.
 */
public final class LocalStorageEngine implements StorageEngine {
    private static final Logger log = LoggerFactory.getLogger(LocalStorageEngine.class);

    private final KvStore kv;
    private final LocalBucketStore buckets;
    private final LocalObjectStore objects;
    private final LocalMultipartStore multipart;
    private final OrphanSweeper sweeper;
    private final DataFiles files;
    private final GroupCommitter committer;
    private boolean closed;

    private LocalStorageEngine(KvStore kv, LocalBucketStore buckets, LocalObjectStore objects,
                               LocalMultipartStore multipart, OrphanSweeper sweeper, DataFiles files,
                               GroupCommitter committer) {
        this.kv = kv;
        this.buckets = buckets;
        this.objects = objects;
        this.multipart = multipart;
        this.sweeper = sweeper;
        this.files = files;
        this.committer = committer;
    }

    public static LocalStorageEngine open(Path dataDir, StorageOptions options) {
        return open(dataDir, options, Clock.systemUTC());
    }

    /** {@code clock} stamps records (creation and modification times, upload order). */
    public static LocalStorageEngine open(Path dataDir, StorageOptions options, Clock clock) {
        return open(dataDir, options, clock, null);
    }

    static LocalStorageEngine open(Path dataDir, StorageOptions options, Clock clock, DiskSpace space) {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(options, "options is null");
        requireNonNull(clock, "clock is null");
        // File times come from the OS clock, so the sweep's cutoff must too (not the injected clock).
        Instant openedAt = Instant.now();
        Path dataFiles = dataDir.resolve("data");
        Path tmpFiles = dataDir.resolve("tmp");
        DataFiles files = new DataFiles(dataFiles, tmpFiles, options.directWrites());
        try {
            Files.createDirectories(dataFiles);
            Files.createDirectories(tmpFiles);
            int leftovers = files.clearTemp();
            if (leftovers > 0) {
                log.info("removed {} unfinished writes from {}", leftovers, tmpFiles);
            }
            if (space == null) {
                space = DiskSpace.of(Files.getFileStore(dataDir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare data directory " + dataDir, e);
        }

        KvStore kv = KvStore.open(dataDir.resolve("meta"), MetaSchema.FAMILIES);
        GroupCommitter committer = null;
        try {
            MetaTables meta = new MetaTables(kv);
            UsageCounters usage = UsageCounters.load(kv);
            StorageLocks locks = new StorageLocks();
            BodyIngest ingest = new BodyIngest(files, new FreeSpaceGuard(space, options.minFreeBytes(), clock), options);
            ObjectWrites writes = new ObjectWrites(meta, usage);
            LocalBucketStore buckets = new LocalBucketStore(meta, files, locks, clock);
            committer = new GroupCommitter(meta, buckets, files, locks, writes, options.groupCommitQueueBytes());
            LocalObjectStore objects = new LocalObjectStore(meta, buckets, files, ingest, locks, writes, usage,
                    new ObjectLister(meta), committer, clock);
            LocalMultipartStore multipart = new LocalMultipartStore(meta, buckets, files, ingest, locks, writes,
                    new UploadLister(meta), new UploadIds(clock), clock);
            OrphanSweeper sweeper = new OrphanSweeper(files, meta, openedAt);
            LocalStorageEngine engine = new LocalStorageEngine(kv, buckets, objects, multipart, sweeper, files, committer);
            sweeper.start();
            return engine;
        } catch (RuntimeException e) {
            if (committer != null) {
                committer.close();
            }
            kv.close();
            throw e;
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

    /**
     * The start-up sweep for orphaned data files: completes with the number removed. For
     * operations (and tests) that want to know when the data directory is tidy.
     */
    public CompletableFuture<Integer> orphanSweep() {
        return sweeper.done();
    }

    /**
     * Completes once the data files of every object deleted or overwritten so far are gone from
     * the disk (they are unlinked in the background, after the metadata commit).
     */
    public CompletableFuture<Void> reclaimed() {
        return files.reclaimed();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        committer.close(); // commits what is queued while the store is still open
        sweeper.stop();
        files.close();
        kv.close();
    }
}
