package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import io.stratus.core.util.Hex;
import io.stratus.kv.KvBatch;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects. A PUT streams its body to a temp file (or memory, if small), runs the caller's
 * pre-commit check, makes the file durable in data/, then commits record + file ownership + usage
 * in one synced batch under the key's lock. Replaced files are deleted only after that commit.
 */
final class LocalObjectStore implements ObjectStore {
    private static final Logger log = LoggerFactory.getLogger(LocalObjectStore.class);

    private final MetaTables meta;
    private final LocalBucketStore buckets;
    private final DataFiles files;
    private final BodyIngest ingest;
    private final StorageLocks locks;
    private final ObjectWrites writes;
    private final UsageCounters usage;
    private final ObjectLister lister;
    private final GroupCommitter committer;
    private final Clock clock;

    LocalObjectStore(MetaTables meta, LocalBucketStore buckets, DataFiles files, BodyIngest ingest, StorageLocks locks,
                     ObjectWrites writes, UsageCounters usage, ObjectLister lister, GroupCommitter committer, Clock clock) {
        this.meta = requireNonNull(meta, "meta is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.files = requireNonNull(files, "files is null");
        this.ingest = requireNonNull(ingest, "ingest is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.lister = requireNonNull(lister, "lister is null");
        this.committer = requireNonNull(committer, "committer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public ObjectInfo put(PutObjectRequest request) throws Exception {
        return write(request, false).join();
    }

    /**
     * A small body (kept in memory, stored inline) is committed by the group committer, which
     * completes the future from its own thread once the write is durable; a larger one is
     * committed here, before this returns.
     */
    @Override
    public CompletableFuture<ObjectInfo> putAsync(PutObjectRequest request) throws Exception {
        return write(request, true);
    }

    private CompletableFuture<ObjectInfo> write(PutObjectRequest request, boolean async) throws Exception {
        requireNonNull(request, "request is null");
        String bucketName = requireNonNull(request.bucket(), "bucket is null");
        String key = requireNonNull(request.key(), "key is null");
        ObjectMetadata metadata = requireNonNull(request.metadata(), "metadata is null");
        requireNonNull(request.body(), "body is null");
        PreCommitCheck check = request.check() == null ? PreCommitCheck.NONE : request.check();

        BucketRecord bucket = buckets.require(bucketName);
        try (IngestedBody body = ingest.ingest(request.body(), request.contentLength(), request.checksumAlgorithm(), true)) {
            ComputedDigests digests = body.digests();
            check.verify(digests);
            ObjectData data;
            if (body instanceof SpooledBody spooled) {
                spooled.install();
                data = new ObjectData.Files(List.of(spooled.segment()));
            } else {
                byte[] bytes = ((IngestedBody.InMemory) body).bytes();
                data = new ObjectData.Inline(bytes, crc32c(bytes));
            }
            ChecksumValue checksum = request.checksumAlgorithm() == null ? null
                    : new ChecksumValue(request.checksumAlgorithm(), digests.checksumBase64(), ChecksumValue.ChecksumType.FULL_OBJECT);
            ObjectRecord record = new ObjectRecord(digests.size(), Hex.encode(digests.md5()), now(), metadata, checksum, List.of(), data);
            if (async && body instanceof IngestedBody.InMemory) {
                return committer.submit(new GroupCommitter.Write(bucketName, bucket, key, record, request.condition(),
                        new CompletableFuture<>()));
            }

            ObjectWrites.Staged staged;
            try (StorageLocks.KeyLock lock = locks.lockKey(bucket.id(), key)) {
                buckets.requireStill(bucketName, bucket);
                ObjectRecord current = meta.object(bucket.id(), key);
                ObjectWrites.checkCondition(request.condition(), current, bucketName, key);
                try (KvBatch batch = meta.newBatch()) {
                    staged = writes.stageReplace(batch, lock, bucket.id(), key, current, record);
                    meta.commit(batch);
                }
                staged.usage().apply();
                if (body instanceof SpooledBody spooled) {
                    spooled.markCommitted();
                }
            }
            files.deleteInBackground(staged.obsoleteFiles());
            return CompletableFuture.completedFuture(record.toInfo(bucketName, key));
        }
    }

    @Override
    public ObjectInfo head(String bucket, String key) throws StorageException {
        requireNonNull(key, "key is null");
        BucketRecord record = buckets.require(bucket);
        ObjectInfo info = meta.objectInfo(record.id(), bucket, key);
        if (info == null) {
            throw noSuchKey(bucket, key);
        }
        return info;
    }

    @Override
    public ObjectBody open(String bucket, String key, long offset, long length) throws StorageException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range: offset " + offset + ", length " + length);
        }
        return open(bucket, key, info -> new long[] {offset, length});
    }

    @Override
    public <X extends Exception> ObjectBody open(String bucket, String key, RangeSelector<X> selector)
            throws StorageException, X {
        requireNonNull(key, "key is null");
        requireNonNull(selector, "selector is null");
        BucketRecord bucketRecord = buckets.require(bucket);
        // A concurrent overwrite or delete may unlink the file between reading the record and
        // opening the file: then the record read again names the file that replaced it (and the
        // selector sees that version's metadata).
        for (int attempt = 1; ; attempt++) {
            ObjectRecord record = meta.object(bucketRecord.id(), key);
            if (record == null) {
                throw noSuchKey(bucket, key);
            }
            ObjectInfo info = record.toInfo(bucket, key);
            long[] range = selector.select(info);
            long offset = range[0];
            long length = range[1];
            if (offset < 0 || length < 0 || offset + length > record.size()) {
                throw new IllegalArgumentException("range [" + offset + ", " + (offset + length) + ") is outside the object's " + record.size() + " bytes");
            }
            try {
                return LocalObjectBody.open(info, record, files, offset, length);
            } catch (NoSuchFileException e) {
                if (attempt == 1) {
                    continue;
                }
                log.error("data file missing: bucket={} key={} file={}", bucket, key, e.getFile());
                throw new StorageException(StorageError.CORRUPT_DATA, "Stored data of " + bucket + "/" + key + " is missing", e);
            } catch (IOException e) {
                throw DiskErrors.map(e, "opening the data of " + bucket + "/" + key);
            }
        }
    }

    @Override
    public void delete(String bucket, String key) throws StorageException {
        requireNonNull(key, "key is null");
        BucketRecord bucketRecord = buckets.require(bucket);
        ObjectWrites.Staged staged;
        try (StorageLocks.KeyLock lock = locks.lockKey(bucketRecord.id(), key)) {
            buckets.requireStill(bucket, bucketRecord);
            ObjectRecord current = meta.object(bucketRecord.id(), key);
            if (current == null) {
                return;
            }
            try (KvBatch batch = meta.newBatch()) {
                staged = writes.stageDelete(batch, lock, bucketRecord.id(), key, current);
                meta.commit(batch);
            }
            staged.usage().apply();
        }
        files.deleteInBackground(staged.obsoleteFiles());
    }

    @Override
    public ObjectInfo replaceMetadata(String bucket, String key, ObjectMetadata metadata, WriteCondition condition) throws StorageException {
        requireNonNull(key, "key is null");
        requireNonNull(metadata, "metadata is null");
        BucketRecord bucketRecord = buckets.require(bucket);
        try (StorageLocks.KeyLock lock = locks.lockKey(bucketRecord.id(), key)) {
            buckets.requireStill(bucket, bucketRecord);
            ObjectRecord current = meta.object(bucketRecord.id(), key);
            if (current == null) {
                throw noSuchKey(bucket, key);
            }
            ObjectWrites.checkCondition(condition, current, bucket, key);
            ObjectRecord updated = current.withMetadata(metadata, now());
            try (KvBatch batch = meta.newBatch()) {
                meta.putObject(batch, bucketRecord.id(), key, updated);
                meta.commit(batch);
            }
            return updated.toInfo(bucket, key);
        }
    }

    @Override
    public ListResult list(ListRequest request) throws StorageException {
        requireNonNull(request, "request is null");
        BucketRecord bucket = buckets.require(request.bucket());
        return lister.list(bucket.id(), request);
    }

    @Override
    public StorageUsage usage() {
        return usage.total();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static StorageException noSuchKey(String bucket, String key) {
        return new StorageException(StorageError.NO_SUCH_KEY, "No such key: " + bucket + "/" + key);
    }
}
