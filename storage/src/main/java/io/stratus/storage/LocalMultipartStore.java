package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.core.util.Hex;
import io.stratus.kv.KvBatch;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Multipart uploads. Each part is written to its own data file like a PUT; completing moves the
 * named parts' file references into the object record in one synced batch (part data is never
 * copied). All changes to an upload hold the lock of its object key, so part replacement,
 * completion and abort of one upload are serialised with each other and with writes to the key.
 */
final class LocalMultipartStore implements MultipartStore {
    private final MetaTables meta;
    private final LocalBucketStore buckets;
    private final DataFiles files;
    private final BodyIngest ingest;
    private final StorageLocks locks;
    private final ObjectWrites writes;
    private final UploadLister lister;
    private final UploadIds uploadIds;
    private final Clock clock;

    LocalMultipartStore(MetaTables meta, LocalBucketStore buckets, DataFiles files, BodyIngest ingest, StorageLocks locks,
                        ObjectWrites writes, UploadLister lister, UploadIds uploadIds, Clock clock) {
        this.meta = requireNonNull(meta, "meta is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.files = requireNonNull(files, "files is null");
        this.ingest = requireNonNull(ingest, "ingest is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.lister = requireNonNull(lister, "lister is null");
        this.uploadIds = requireNonNull(uploadIds, "uploadIds is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public MultipartUpload create(String bucket, String key, ObjectMetadata metadata,
                                  ChecksumAlgorithm checksumAlgorithm, ChecksumValue.ChecksumType checksumType) throws StorageException {
        requireNonNull(key, "key is null");
        requireNonNull(metadata, "metadata is null");
        BucketRecord bucketRecord = buckets.require(bucket);
        String uploadId = uploadIds.next();
        UploadRecord record = new UploadRecord(now(), metadata, checksumAlgorithm, checksumType);
        try (StorageLocks.Held shared = locks.lockBucketShared(bucketRecord.id()); KvBatch batch = meta.newBatch()) {
            buckets.requireStill(bucket, bucketRecord);
            meta.putUpload(batch, bucketRecord.id(), key, uploadId, record);
            meta.commit(batch);
        }
        return record.toUpload(bucket, key, uploadId);
    }

    @Override
    public MultipartUpload get(String bucket, String key, String uploadId) throws StorageException {
        requireNonNull(key, "key is null");
        BucketRecord bucketRecord = buckets.require(bucket);
        return requireUpload(bucketRecord, bucket, key, uploadId).toUpload(bucket, key, uploadId);
    }

    @Override
    public PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber,
                               InputStream body, long contentLength, PreCommitCheck check) throws Exception {
        requireNonNull(key, "key is null");
        requireNonNull(body, "body is null");
        if (partNumber < 1) {
            throw new IllegalArgumentException("partNumber must be >= 1: " + partNumber);
        }
        PreCommitCheck verifier = check == null ? PreCommitCheck.NONE : check;
        BucketRecord bucketRecord = buckets.require(bucket);
        UploadRecord upload = requireUpload(bucketRecord, bucket, key, uploadId);

        try (IngestedBody ingested = ingest.ingest(body, contentLength, upload.checksumAlgorithm(), false)) {
            SpooledBody spooled = (SpooledBody) ingested;
            ComputedDigests digests = spooled.digests();
            verifier.verify(digests);
            spooled.install();
            // A part's checksum covers the whole part; composite-ness is a property of the object.
            ChecksumValue checksum = upload.checksumAlgorithm() == null ? null
                    : new ChecksumValue(upload.checksumAlgorithm(), digests.checksumBase64(), ChecksumValue.ChecksumType.FULL_OBJECT);
            PartInfo info = new PartInfo(partNumber, digests.size(), Hex.encode(digests.md5()), now(), checksum);
            PartRecord record = new PartRecord(info, spooled.segment());

            PartRecord replaced;
            try (StorageLocks.KeyLock lock = locks.lockKey(bucketRecord.id(), key)) {
                buckets.requireStill(bucket, bucketRecord);
                requireUpload(bucketRecord, bucket, key, uploadId);
                replaced = meta.part(uploadId, partNumber);
                try (KvBatch batch = meta.newBatch()) {
                    meta.putPart(batch, uploadId, record);
                    meta.putFile(batch, spooled.fileId(), MetaTables.OWNER_PART, MetaSchema.partKey(uploadId, partNumber));
                    if (replaced != null) {
                        meta.deleteFile(batch, replaced.segment().fileId());
                    }
                    meta.commit(batch);
                }
                spooled.markCommitted();
            }
            if (replaced != null) {
                files.deleteInBackground(List.of(replaced.segment().fileId()));
            }
            return info;
        }
    }

    @Override
    public List<PartInfo> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts) throws StorageException {
        requireNonNull(key, "key is null");
        BucketRecord bucketRecord = buckets.require(bucket);
        requireUpload(bucketRecord, bucket, key, uploadId);
        return meta.parts(uploadId, partNumberMarker, maxParts).stream().map(PartRecord::info).toList();
    }

    /**
     * Commits the object record listing the named parts' segments (in the given order), moves
     * their files to the object, removes the upload, its part records and unnamed parts, and
     * replaces any previous object, in one synced batch. Files of unnamed parts and of the
     * replaced object are deleted after the commit.
     *
     * @throws IllegalArgumentException when a named part was never uploaded or is named twice: the
     *                                  protocol layer validates the part list (InvalidPart) first
     */
    @Override
    public ObjectInfo complete(String bucket, String key, String uploadId, List<Integer> partNumbers,
                               String etag, ChecksumValue checksum, WriteCondition condition) throws StorageException {
        requireNonNull(key, "key is null");
        requireNonNull(partNumbers, "partNumbers is null");
        requireNonNull(etag, "etag is null");
        BucketRecord bucketRecord = buckets.require(bucket);
        ObjectRecord record;
        List<FileId> obsolete = new ArrayList<>();
        try (StorageLocks.KeyLock lock = locks.lockKey(bucketRecord.id(), key)) {
            buckets.requireStill(bucket, bucketRecord);
            UploadRecord upload = requireUpload(bucketRecord, bucket, key, uploadId);
            Map<Integer, PartRecord> parts = new HashMap<>();
            for (PartRecord part : meta.allParts(uploadId)) {
                parts.put(part.info().partNumber(), part);
            }
            List<PartInfo> infos = new ArrayList<>(partNumbers.size());
            List<FileSegment> segments = new ArrayList<>(partNumbers.size());
            Set<Integer> named = new HashSet<>();
            long size = 0;
            for (Integer number : partNumbers) {
                PartRecord part = parts.get(number);
                if (part == null) {
                    throw new IllegalArgumentException("part " + number + " of upload " + uploadId + " was not uploaded");
                }
                if (!named.add(number)) {
                    throw new IllegalArgumentException("part " + number + " is named twice");
                }
                infos.add(part.info());
                segments.add(part.segment());
                size += part.info().size();
            }
            ObjectRecord current = meta.object(bucketRecord.id(), key);
            ObjectWrites.checkCondition(condition, current, bucket, key);
            record = new ObjectRecord(size, etag, now(), upload.metadata(), checksum, infos, new ObjectData.Files(segments));

            ObjectWrites.Staged staged;
            try (KvBatch batch = meta.newBatch()) {
                staged = writes.stageReplace(batch, lock, bucketRecord.id(), key, current, record);
                for (PartRecord part : parts.values()) {
                    meta.deletePart(batch, uploadId, part.info().partNumber());
                    if (!named.contains(part.info().partNumber())) {
                        meta.deleteFile(batch, part.segment().fileId());
                        obsolete.add(part.segment().fileId());
                    }
                }
                meta.deleteUpload(batch, bucketRecord.id(), key, uploadId);
                meta.commit(batch);
            }
            staged.usage().apply();
            obsolete.addAll(staged.obsoleteFiles());
        }
        files.deleteInBackground(obsolete);
        return record.toInfo(bucket, key);
    }

    @Override
    public void abort(String bucket, String key, String uploadId) throws StorageException {
        requireNonNull(key, "key is null");
        BucketRecord bucketRecord = buckets.require(bucket);
        List<FileId> obsolete = new ArrayList<>();
        try (StorageLocks.KeyLock lock = locks.lockKey(bucketRecord.id(), key)) {
            buckets.requireStill(bucket, bucketRecord);
            requireUpload(bucketRecord, bucket, key, uploadId);
            try (KvBatch batch = meta.newBatch()) {
                for (PartRecord part : meta.allParts(uploadId)) {
                    meta.deletePart(batch, uploadId, part.info().partNumber());
                    meta.deleteFile(batch, part.segment().fileId());
                    obsolete.add(part.segment().fileId());
                }
                meta.deleteUpload(batch, bucketRecord.id(), key, uploadId);
                meta.commit(batch);
            }
        }
        files.deleteInBackground(obsolete);
    }

    @Override
    public UploadListing listUploads(String bucket, String prefix, String delimiter,
                                     String keyMarker, String uploadIdMarker, int maxUploads) throws StorageException {
        BucketRecord bucketRecord = buckets.require(bucket);
        return lister.list(bucketRecord.id(), bucket, prefix, delimiter, keyMarker, uploadIdMarker, maxUploads);
    }

    private UploadRecord requireUpload(BucketRecord bucketRecord, String bucket, String key, String uploadId) throws StorageException {
        UploadRecord upload = meta.upload(bucketRecord.id(), key, uploadId);
        if (upload == null) {
            throw new StorageException(StorageError.NO_SUCH_UPLOAD, "No such upload: " + uploadId + " for " + bucket + "/" + key);
        }
        return upload;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
