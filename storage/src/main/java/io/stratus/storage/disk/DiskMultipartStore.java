package io.stratus.storage.disk;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.core.util.Hex;
import io.stratus.kv.KvException;
import io.stratus.kv.RocksKv;
import io.stratus.storage.ChecksumValue;
import io.stratus.storage.MultipartStore;
import io.stratus.storage.MultipartUpload;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.ObjectMetadata;
import io.stratus.storage.PartInfo;
import io.stratus.storage.PreCommitCheck;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import io.stratus.storage.UploadListing;
import io.stratus.storage.WriteCondition;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Multipart uploads. Each part is ingested like an object (inline or its own data file); completion
 * writes the object record pointing at the chosen parts' data, in one synced batch that also
 * removes the upload, so part data is never copied.
 */
final class DiskMultipartStore implements MultipartStore {
    private final EngineContext ctx;
    private final DiskObjectStore objects;
    private final SecureRandom random = new SecureRandom();

    DiskMultipartStore(EngineContext ctx, DiskObjectStore objects) {
        this.ctx = ctx;
        this.objects = objects;
    }

    @Override
    public MultipartUpload create(String bucket, String key, ObjectMetadata metadata, ChecksumAlgorithm checksumAlgorithm,
                                  ChecksumValue.ChecksumType checksumType) throws StorageException {
        Records.BucketRecord b = ctx.bucket(bucket);
        byte[] r = new byte[18];
        random.nextBytes(r);
        // A time prefix makes ids of one key sort in initiation order, as ListMultipartUploads wants.
        String uploadId = String.format("%012x", ctx.clock.millis()) + Base64.getUrlEncoder().withoutPadding().encodeToString(r);
        Records.UploadRecord record = new Records.UploadRecord(uploadId, ctx.clock.instant(), metadata, checksumAlgorithm, checksumType);
        try {
            ctx.kv.commit(ctx.kv.batch().put(Keys.UPLOADS, Keys.upload(b.id(), key, uploadId), Records.encode(record)));
        } catch (KvException e) {
            throw EngineContext.internal(e);
        }
        return toUpload(bucket, key, record);
    }

    private Records.UploadRecord upload(long bucketId, String key, String uploadId) throws StorageException {
        try {
            byte[] v = uploadId == null ? null : ctx.kv.get(Keys.UPLOADS, Keys.upload(bucketId, key, uploadId));
            if (v == null) {
                throw new StorageException(StorageError.NO_SUCH_UPLOAD, "No such upload: " + uploadId);
            }
            return Records.decodeUpload(v);
        } catch (KvException e) {
            throw EngineContext.internal(e);
        }
    }

    @Override
    public MultipartUpload get(String bucket, String key, String uploadId) throws StorageException {
        return toUpload(bucket, key, upload(ctx.bucket(bucket).id(), key, uploadId));
    }

    @Override
    public PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream body,
                               long contentLength, PreCommitCheck check) throws Exception {
        Records.BucketRecord b = ctx.bucket(bucket);
        Records.UploadRecord upload = upload(b.id(), key, uploadId);
        try (Ingest ingest = new Ingest(ctx.files, ctx.options.inlineThreshold(), ctx.options.blockSize())) {
            ingest.read(body, contentLength, upload.algorithm());
            check.verify(ingest.digests());
            ingest.publish();
            ChecksumValue checksum = upload.algorithm() == null ? null
                    : new ChecksumValue(upload.algorithm(), ingest.digests().checksumBase64(), ChecksumValue.ChecksumType.FULL_OBJECT);
            PartInfo info = new PartInfo(partNumber, ingest.digests().size(), Hex.encode(ingest.digests().md5()),
                    ctx.clock.instant(), checksum);
            Records.PartRecord old;
            // The key's lock orders part writes against complete and abort of the same upload.
            ReentrantLock lock = ctx.lockFor(b.id(), key);
            lock.lock();
            try {
                upload(b.id(), key, uploadId);
                byte[] partKey = Keys.part(uploadId, partNumber);
                byte[] oldValue = ctx.kv.get(Keys.PARTS, partKey);
                old = oldValue == null ? null : Records.decodePart(oldValue);
                RocksKv.Batch batch = ctx.kv.batch().put(Keys.PARTS, partKey, Records.encode(new Records.PartRecord(info, ingest.segment())));
                EngineContext.reference(batch, ingest.segment());
                if (old != null) {
                    EngineContext.unreference(batch, old.segment());
                }
                ctx.kv.commit(batch);
            } catch (StorageException | KvException e) {
                ingest.discardPublished();
                throw e instanceof KvException k ? EngineContext.internal(k) : e;
            } finally {
                lock.unlock();
            }
            if (old != null) {
                ctx.deleteFiles(List.of(old.segment()));
            }
            return info;
        }
    }

    private List<Records.PartRecord> parts(String uploadId, int afterPart, int max) {
        List<Records.PartRecord> result = new ArrayList<>();
        byte[] prefix = Keys.partPrefix(uploadId);
        try (RocksKv.Cursor c = ctx.kv.cursor(Keys.PARTS, Keys.successor(prefix))) {
            for (c.seek(Keys.part(uploadId, afterPart + 1)); c.valid() && result.size() < max; c.next()) {
                result.add(Records.decodePart(c.value()));
            }
        }
        return result;
    }

    @Override
    public List<PartInfo> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts)
            throws StorageException {
        upload(ctx.bucket(bucket).id(), key, uploadId);
        return parts(uploadId, partNumberMarker, maxParts).stream().map(Records.PartRecord::info).toList();
    }

    @Override
    public ObjectInfo complete(String bucket, String key, String uploadId, List<Integer> partNumbers, String etag,
                               ChecksumValue checksum, WriteCondition condition) throws StorageException {
        Records.BucketRecord b = ctx.bucket(bucket);
        ReentrantLock lock = ctx.lockFor(b.id(), key);
        lock.lock();
        try {
            Records.UploadRecord upload = upload(b.id(), key, uploadId);
            List<Records.PartRecord> all = parts(uploadId, 0, Integer.MAX_VALUE);
            List<PartInfo> chosenInfo = new ArrayList<>();
            List<Segment> segments = new ArrayList<>();
            Set<Integer> wanted = new HashSet<>(partNumbers);
            List<Segment> unused = new ArrayList<>();
            long size = 0;
            for (int n : partNumbers) {
                Records.PartRecord p = all.stream().filter(x -> x.info().partNumber() == n).findFirst()
                        .orElseThrow(() -> new StorageException(StorageError.NO_SUCH_UPLOAD, "Part " + n + " vanished"));
                chosenInfo.add(p.info());
                segments.add(p.segment());
                size += p.info().size();
            }
            for (Records.PartRecord p : all) {
                if (!wanted.contains(p.info().partNumber())) {
                    unused.add(p.segment());
                }
            }
            Records.ObjectRecord record = new Records.ObjectRecord(size, etag, ctx.clock.instant(), upload.metadata(), checksum,
                    chosenInfo, segments);
            // The key's lock is re-entrant: commit takes it again around the same batch.
            objects.commit(b.id(), bucket, key, record, condition, List.of(batch -> {
                batch.delete(Keys.UPLOADS, Keys.upload(b.id(), key, uploadId));
                for (Records.PartRecord p : all) {
                    batch.delete(Keys.PARTS, Keys.part(uploadId, p.info().partNumber()));
                }
                for (Segment s : unused) {
                    EngineContext.unreference(batch, s);
                }
            }));
            ctx.deleteFiles(unused);
            return DiskObjectStore.info(bucket, key, record);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abort(String bucket, String key, String uploadId) throws StorageException {
        Records.BucketRecord b = ctx.bucket(bucket);
        ReentrantLock lock = ctx.lockFor(b.id(), key);
        lock.lock();
        try {
            upload(b.id(), key, uploadId);
            abortLocked(b.id(), key, uploadId);
        } finally {
            lock.unlock();
        }
    }

    private void abortLocked(long bucketId, String key, String uploadId) throws StorageException {
        List<Records.PartRecord> all = parts(uploadId, 0, Integer.MAX_VALUE);
        try {
            RocksKv.Batch batch = ctx.kv.batch().delete(Keys.UPLOADS, Keys.upload(bucketId, key, uploadId));
            for (Records.PartRecord p : all) {
                batch.delete(Keys.PARTS, Keys.part(uploadId, p.info().partNumber()));
                EngineContext.unreference(batch, p.segment());
            }
            ctx.kv.commit(batch);
        } catch (KvException e) {
            throw EngineContext.internal(e);
        }
        ctx.deleteFiles(all.stream().map(Records.PartRecord::segment).toList());
    }

    /** Aborts every upload of a bucket being deleted. */
    void abortAll(long bucketId) throws StorageException {
        byte[] prefix = Keys.bucketPrefix(bucketId);
        List<String[]> uploads = new ArrayList<>();
        try (RocksKv.Cursor c = ctx.kv.cursor(Keys.UPLOADS, Keys.successor(prefix))) {
            for (c.seek(prefix); c.valid(); c.next()) {
                uploads.add(Keys.uploadKeyAndId(c.key()));
            }
        }
        for (String[] u : uploads) {
            abortLocked(bucketId, u[0], u[1]);
        }
    }

    @Override
    public UploadListing listUploads(String bucket, String prefix, String delimiter, String keyMarker, String uploadIdMarker,
                                     int maxUploads) throws StorageException {
        Records.BucketRecord b = ctx.bucket(bucket);
        String p = prefix == null ? "" : prefix;
        byte[] prefixKey = Keys.object(b.id(), p);
        byte[] upper = Keys.successor(prefixKey.length > 8 ? prefixKey : Keys.bucketPrefix(b.id()));
        List<MultipartUpload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        boolean truncated = false;
        String nextKey = null;
        String nextId = null;
        try (RocksKv.Cursor c = ctx.kv.cursor(Keys.UPLOADS, upper)) {
            byte[] start = prefixKey;
            if (keyMarker != null && !keyMarker.isEmpty()) {
                byte[] marker = uploadIdMarker == null || uploadIdMarker.isEmpty()
                        ? Keys.concat(Keys.object(b.id(), keyMarker), new byte[] {1})
                        : Keys.concat(Keys.upload(b.id(), keyMarker, uploadIdMarker), new byte[] {0});
                if (java.util.Arrays.compareUnsigned(marker, start) > 0) {
                    start = marker;
                }
            }
            c.seek(start);
            while (c.valid()) {
                if (uploads.size() + prefixes.size() >= maxUploads) {
                    truncated = true;
                    break;
                }
                String[] ki = Keys.uploadKeyAndId(c.key());
                int d = delimiter == null ? -1 : ki[0].indexOf(delimiter, p.length());
                if (d >= 0) {
                    String common = ki[0].substring(0, d + delimiter.length());
                    prefixes.add(common);
                    nextKey = common;
                    nextId = null;
                    byte[] next = Keys.successor(Keys.object(b.id(), common));
                    if (next == null) {
                        break;
                    }
                    c.seek(next);
                    continue;
                }
                uploads.add(toUpload(bucket, ki[0], Records.decodeUpload(c.value())));
                nextKey = ki[0];
                nextId = ki[1];
                c.next();
            }
        }
        return new UploadListing(uploads, prefixes, truncated, truncated ? nextKey : null, truncated ? nextId : null);
    }

    private static MultipartUpload toUpload(String bucket, String key, Records.UploadRecord r) {
        return new MultipartUpload(bucket, key, r.uploadId(), r.initiated(), r.metadata(), r.algorithm(), r.type());
    }
}
