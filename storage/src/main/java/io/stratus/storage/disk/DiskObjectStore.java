package io.stratus.storage.disk;

import io.stratus.core.util.Hex;
import io.stratus.kv.KvException;
import io.stratus.kv.RocksKv;
import io.stratus.storage.ChecksumValue;
import io.stratus.storage.ListRequest;
import io.stratus.storage.ListResult;
import io.stratus.storage.ObjectBody;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.ObjectMetadata;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.PutObjectRequest;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import io.stratus.storage.WriteCondition;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Objects: write = stream to a temp file while hashing, run the caller's check, fsync, rename,
 * then one synced metadata batch under the key's lock; only then are replaced files deleted.
 */
final class DiskObjectStore implements ObjectStore {
    private final EngineContext ctx;
    private final Lister lister;

    DiskObjectStore(EngineContext ctx) {
        this.ctx = ctx;
        this.lister = new Lister(ctx);
    }

    @Override
    public ObjectInfo put(PutObjectRequest request) throws Exception {
        Records.BucketRecord bucket = ctx.bucket(request.bucket());
        try (Ingest ingest = new Ingest(ctx.files, ctx.options.inlineThreshold(), ctx.options.blockSize())) {
            ingest.read(request.body(), request.contentLength(), request.checksumAlgorithm());
            request.check().verify(ingest.digests());
            ingest.publish();
            ChecksumValue checksum = request.checksumAlgorithm() == null ? null
                    : new ChecksumValue(request.checksumAlgorithm(), ingest.digests().checksumBase64(),
                            ChecksumValue.ChecksumType.FULL_OBJECT);
            Records.ObjectRecord record = new Records.ObjectRecord(ingest.digests().size(), Hex.encode(ingest.digests().md5()),
                    ctx.clock.instant(), request.metadata(), checksum, List.of(), List.of(ingest.segment()));
            try {
                commit(bucket.id(), request.bucket(), request.key(), record, request.condition(), List.of());
            } catch (Exception e) {
                ingest.discardPublished();
                throw e;
            }
            return info(request.bucket(), request.key(), record);
        }
    }

    /**
     * Replaces the key's record under its lock, checking the condition against the current one,
     * in one synced batch (plus {@code extra} writes); then deletes the replaced record's files.
     */
    Records.ObjectRecord commit(long bucketId, String bucket, String key, Records.ObjectRecord record, WriteCondition condition,
                                List<BatchStep> extra) throws StorageException {
        ReentrantLock lock = ctx.lockFor(bucketId, key);
        Records.ObjectRecord old;
        lock.lock();
        try {
            old = ctx.object(bucketId, key);
            checkCondition(old, condition, bucket, key);
            RocksKv.Batch batch = ctx.kv.batch();
            batch.put(Keys.OBJECTS, Keys.object(bucketId, key), Records.encode(record));
            for (Segment s : record.segments()) {
                EngineContext.reference(batch, s);
            }
            if (old != null) {
                for (Segment s : old.segments()) {
                    if (!sharesFile(record, s)) {
                        EngineContext.unreference(batch, s);
                    }
                }
            }
            ctx.countChange(batch, old, record.size());
            for (BatchStep step : extra) {
                step.apply(batch);
            }
            ctx.kv.commit(batch);
            ctx.applyCount(old, record.size());
        } catch (KvException e) {
            throw EngineContext.internal(e);
        } finally {
            lock.unlock();
        }
        if (old != null) {
            ctx.deleteFiles(old.segments().stream().filter(s -> !sharesFile(record, s)).toList());
        }
        return old;
    }

    private static boolean sharesFile(Records.ObjectRecord record, Segment s) {
        if (!(s instanceof Segment.File f)) {
            return false;
        }
        return record.segments().stream().anyMatch(n -> n instanceof Segment.File nf && nf.name().equals(f.name()));
    }

    /** An additional write that must land in the same atomic batch. */
    @FunctionalInterface
    interface BatchStep {
        void apply(RocksKv.Batch batch) throws KvException;
    }

    private static void checkCondition(Records.ObjectRecord current, WriteCondition condition, String bucket, String key)
            throws StorageException {
        if (condition == null) {
            return;
        }
        if (condition.ifNoneMatchStar() && current != null) {
            throw new StorageException(StorageError.PRECONDITION_FAILED, "s3://" + bucket + "/" + key + " already exists");
        }
        if (condition.ifMatchEtag() != null) {
            if (current == null) {
                throw new StorageException(StorageError.NO_SUCH_KEY, "No such key: " + key);
            }
            if (!current.etag().equals(condition.ifMatchEtag())) {
                throw new StorageException(StorageError.PRECONDITION_FAILED, "ETag of s3://" + bucket + "/" + key + " changed");
            }
        }
    }

    @Override
    public ObjectInfo head(String bucket, String key) throws StorageException {
        Records.BucketRecord b = ctx.bucket(bucket);
        Records.ObjectRecord r = ctx.object(b.id(), key);
        if (r == null) {
            throw new StorageException(StorageError.NO_SUCH_KEY, "No such key: " + key);
        }
        return info(bucket, key, r);
    }

    @Override
    public ObjectBody open(String bucket, String key, long offset, long length) throws StorageException {
        Records.BucketRecord b = ctx.bucket(bucket);
        for (int attempt = 0; ; attempt++) {
            Records.ObjectRecord r = ctx.object(b.id(), key);
            if (r == null) {
                throw new StorageException(StorageError.NO_SUCH_KEY, "No such key: " + key);
            }
            if (offset < 0 || length < 0 || offset + length > r.size()) {
                throw new StorageException(StorageError.INTERNAL, "Range outside the object");
            }
            FileChannel[] channels = new FileChannel[r.segments().size()];
            try {
                long segStart = 0;
                for (int i = 0; i < channels.length; i++) {
                    Segment s = r.segments().get(i);
                    boolean overlaps = segStart < offset + length && segStart + s.length() > offset;
                    if (s instanceof Segment.File f && overlaps) {
                        channels[i] = ctx.files.open(f.name());
                    }
                    segStart += s.length();
                }
                return new DiskObjectBody(info(bucket, key, r), r.segments(), channels, offset, length);
            } catch (NoSuchFileException e) {
                closeAll(channels);
                // Replaced between reading the record and opening its file: read the new record.
                if (attempt >= 2) {
                    throw new StorageException(StorageError.CORRUPT_DATA, "Data file of s3://" + bucket + "/" + key + " is missing", e);
                }
            } catch (IOException e) {
                closeAll(channels);
                throw new StorageException(StorageError.INTERNAL, "Cannot open data of s3://" + bucket + "/" + key, e);
            }
        }
    }

    private static void closeAll(FileChannel[] channels) {
        for (FileChannel c : channels) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }

    @Override
    public void delete(String bucket, String key) throws StorageException {
        Records.BucketRecord b = ctx.bucket(bucket);
        ReentrantLock lock = ctx.lockFor(b.id(), key);
        Records.ObjectRecord old;
        lock.lock();
        try {
            old = ctx.object(b.id(), key);
            if (old == null) {
                return;
            }
            RocksKv.Batch batch = ctx.kv.batch().delete(Keys.OBJECTS, Keys.object(b.id(), key));
            for (Segment s : old.segments()) {
                EngineContext.unreference(batch, s);
            }
            ctx.countChange(batch, old, -1);
            ctx.kv.commit(batch);
            ctx.applyCount(old, -1);
        } catch (KvException e) {
            throw EngineContext.internal(e);
        } finally {
            lock.unlock();
        }
        ctx.deleteFiles(old.segments());
    }

    @Override
    public ObjectInfo replaceMetadata(String bucket, String key, ObjectMetadata metadata, WriteCondition condition)
            throws StorageException {
        Records.BucketRecord b = ctx.bucket(bucket);
        ReentrantLock lock = ctx.lockFor(b.id(), key);
        lock.lock();
        try {
            Records.ObjectRecord old = ctx.object(b.id(), key);
            if (old == null) {
                throw new StorageException(StorageError.NO_SUCH_KEY, "No such key: " + key);
            }
            checkCondition(old, condition, bucket, key);
            Records.ObjectRecord updated = new Records.ObjectRecord(old.size(), old.etag(), ctx.clock.instant(), metadata,
                    old.checksum(), old.parts(), old.segments());
            ctx.kv.commit(ctx.kv.batch().put(Keys.OBJECTS, Keys.object(b.id(), key), Records.encode(updated)));
            return info(bucket, key, updated);
        } catch (KvException e) {
            throw EngineContext.internal(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ListResult list(ListRequest request) throws StorageException {
        return lister.list(ctx.bucket(request.bucket()).id(), request);
    }

    @Override
    public StorageUsage usage() {
        return new StorageUsage(ctx.objectCount.get(), ctx.byteCount.get());
    }

    static ObjectInfo info(String bucket, String key, Records.ObjectRecord r) {
        return new ObjectInfo(bucket, key, r.size(), r.etag(), r.lastModified(), r.metadata(), r.checksum(), r.parts());
    }
}
