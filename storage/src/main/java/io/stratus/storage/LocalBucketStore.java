package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stratus.kv.KvBatch;
import io.stratus.kv.KvCursor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Buckets: name -> {id, created, region}; ids come from a persisted sequence and are never reused. */
final class LocalBucketStore implements BucketStore {
    private static final int SEQUENCE_VERSION = 1;
    /** Far more buckets than an account has (S3 allows 10,000); past it the least used drop out. */
    private static final int CACHED_BUCKETS = 20_000;

    private final MetaTables meta;
    private final DataFiles files;
    private final StorageLocks locks;
    private final Clock clock;
    /*
     * Records of live buckets, which every object request looked up in RocksDB, writes twice (4%
     * of a small GET's event-loop time, 3% of a small PUT's server time). A record never changes
     * while its bucket lives, so only a delete invalidates, after its commit and before it lets
     * go of the bucket's stripe; the cache's per-key atomic load means a load that read the
     * record before that commit is removed too, not left behind. Absent buckets are not cached:
     * a create needs no invalidation.
     */
    private final Cache<String, BucketRecord> live = Caffeine.newBuilder()
            .maximumSize(CACHED_BUCKETS)
            .executor(Runnable::run) // eviction on the calling thread: no work handed to the common pool
            .build();

    LocalBucketStore(MetaTables meta, DataFiles files, StorageLocks locks, Clock clock) {
        this.meta = requireNonNull(meta, "meta is null");
        this.files = requireNonNull(files, "files is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public BucketInfo create(String name, String region) throws StorageException {
        requireNonNull(name, "name is null");
        requireNonNull(region, "region is null");
        try (StorageLocks.Held admin = locks.lockBucketAdmin()) {
            if (meta.bucket(name).isPresent()) {
                throw new StorageException(StorageError.BUCKET_ALREADY_EXISTS, "Bucket already exists: " + name);
            }
            long id = nextBucketId();
            BucketRecord record = new BucketRecord(id, clock.instant().truncatedTo(ChronoUnit.MILLIS), region);
            try (KvBatch batch = meta.newBatch()) {
                meta.putBucket(batch, name, record);
                batch.put(MetaSchema.COUNTERS, MetaSchema.BUCKET_ID_SEQUENCE,
                        new ValueWriter(SEQUENCE_VERSION).writeLong(id).toByteArray());
                meta.commit(batch);
            }
            return record.toInfo(name);
        }
    }

    @Override
    public Optional<BucketInfo> get(String name) {
        requireNonNull(name, "name is null");
        return meta.bucket(name).map(record -> record.toInfo(name));
    }

    @Override
    public List<BucketInfo> list() {
        List<BucketInfo> buckets = new ArrayList<>();
        try (KvCursor cursor = meta.kv().cursor(MetaSchema.BUCKETS)) {
            for (cursor.seekToFirst(); cursor.isValid(); cursor.next()) {
                String name = new String(cursor.key(), StandardCharsets.UTF_8);
                buckets.add(BucketRecord.decode(cursor.value()).toInfo(name));
            }
        }
        return buckets;
    }

    /**
     * Deletes an empty bucket. With the bucket's stripe held exclusively no write can commit into
     * it, so the emptiness check (one bounded seek) and the removal of the bucket and its uploads
     * form one atomic step. Part files are deleted after the commit.
     */
    @Override
    public void delete(String name) throws StorageException {
        requireNonNull(name, "name is null");
        List<FileId> partFiles = new ArrayList<>();
        try (StorageLocks.Held admin = locks.lockBucketAdmin()) {
            BucketRecord bucket = meta.bucket(name)
                    .orElseThrow(() -> new StorageException(StorageError.NO_SUCH_BUCKET, "No such bucket: " + name));
            try (StorageLocks.Held exclusive = locks.lockBucketExclusive(bucket.id());
                 KvBatch batch = meta.newBatch()) {
                if (meta.hasObjects(bucket.id())) {
                    throw new StorageException(StorageError.BUCKET_NOT_EMPTY, "Bucket is not empty: " + name);
                }
                byte[] prefix = MetaSchema.bucketPrefix(bucket.id());
                try (KvCursor uploads = meta.kv().prefixCursor(MetaSchema.UPLOADS, prefix)) {
                    for (uploads.seek(prefix); uploads.isValid(); uploads.next()) {
                        byte[] uploadKey = uploads.key();
                        String uploadId = MetaSchema.uploadIdOf(uploadKey);
                        for (PartRecord part : meta.allParts(uploadId)) {
                            meta.deletePart(batch, uploadId, part.info().partNumber());
                            meta.deleteFile(batch, part.segment().fileId());
                            partFiles.add(part.segment().fileId());
                        }
                        batch.delete(MetaSchema.UPLOADS, uploadKey);
                    }
                }
                meta.deleteBucket(batch, name);
                meta.commit(batch);
                live.invalidate(name);
            }
        }
        files.deleteInBackground(partFiles);
    }

    /** The bucket's record, from the cache of live buckets. @throws StorageException NO_SUCH_BUCKET */
    BucketRecord require(String name) throws StorageException {
        requireNonNull(name, "bucket is null");
        BucketRecord record = live.get(name, absent -> meta.bucket(absent).orElse(null));
        if (record == null) {
            throw new StorageException(StorageError.NO_SUCH_BUCKET, "No such bucket: " + name);
        }
        return record;
    }

    /**
     * Re-checks, with the bucket's stripe held, that the bucket a write started on still exists: a
     * bucket deleted (and maybe recreated) meanwhile must not receive the write. The cache answers
     * this correctly under the stripe: a delete holds the stripe exclusively until it has committed
     * and invalidated, so a writer that gets the stripe afterwards finds no record or the new one.
     */
    void requireStill(String name, BucketRecord bucket) throws StorageException {
        if (require(name).id() != bucket.id()) {
            throw new StorageException(StorageError.NO_SUCH_BUCKET, "No such bucket: " + name);
        }
    }

    private long nextBucketId() {
        byte[] value = meta.kv().get(MetaSchema.COUNTERS, MetaSchema.BUCKET_ID_SEQUENCE);
        long last = value == null ? 0 : ValueReader.open(value, SEQUENCE_VERSION, "bucket id sequence").readLong();
        return Math.addExact(last, 1);
    }
}
