package io.stratus.storage;

import io.stratus.kv.KvBatch;
import io.stratus.kv.KvCursor;
import io.stratus.kv.KvException;
import io.stratus.kv.KvStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed access to the metadata tables: keys from {@link MetaSchema}, values through the record codecs. */
final class MetaTables {
    static final int FILE_OWNER_VERSION = 1;
    static final int OWNER_OBJECT = 1;
    static final int OWNER_PART = 2;

    private final KvStore kv;

    MetaTables(KvStore kv) {
        this.kv = kv;
    }

    KvStore kv() {
        return kv;
    }

    KvBatch newBatch() {
        return kv.newBatch();
    }

    /** Commits one synced batch; a full disk becomes INSUFFICIENT_STORAGE, other failures INTERNAL. */
    void commit(KvBatch batch) throws StorageException {
        try {
            kv.commit(batch);
        } catch (KvException e) {
            if (e.isNoSpace()) {
                throw new StorageException(StorageError.INSUFFICIENT_STORAGE, "No space left for metadata", e);
            }
            throw new StorageException(StorageError.INTERNAL, "Metadata commit failed: " + e.getMessage(), e);
        }
    }

    Optional<BucketRecord> bucket(String name) {
        byte[] value = kv.get(MetaSchema.BUCKETS, MetaSchema.bucketKey(name));
        return value == null ? Optional.empty() : Optional.of(BucketRecord.decode(value));
    }

    void putBucket(KvBatch batch, String name, BucketRecord record) {
        batch.put(MetaSchema.BUCKETS, MetaSchema.bucketKey(name), record.encode());
    }

    void deleteBucket(KvBatch batch, String name) {
        batch.delete(MetaSchema.BUCKETS, MetaSchema.bucketKey(name));
    }

    /** The object's record, or null. */
    ObjectRecord object(long bucketId, String key) {
        byte[] value = kv.get(MetaSchema.OBJECTS, MetaSchema.objectKey(bucketId, key));
        return value == null ? null : ObjectRecord.decode(value);
    }

    ObjectInfo objectInfo(long bucketId, String bucket, String key) {
        byte[] value = kv.get(MetaSchema.OBJECTS, MetaSchema.objectKey(bucketId, key));
        return value == null ? null : ObjectRecord.decodeInfo(bucket, key, value);
    }

    void putObject(KvBatch batch, long bucketId, String key, ObjectRecord record) {
        batch.put(MetaSchema.OBJECTS, MetaSchema.objectKey(bucketId, key), record.encode());
    }

    void deleteObject(KvBatch batch, long bucketId, String key) {
        batch.delete(MetaSchema.OBJECTS, MetaSchema.objectKey(bucketId, key));
    }

    /** True when the bucket holds at least one object: one bounded seek, not a scan. */
    boolean hasObjects(long bucketId) {
        try (KvCursor cursor = kv.prefixCursor(MetaSchema.OBJECTS, MetaSchema.bucketPrefix(bucketId))) {
            cursor.seek(MetaSchema.bucketPrefix(bucketId));
            return cursor.isValid();
        }
    }

    /** The upload's record, or null. */
    UploadRecord upload(long bucketId, String key, String uploadId) {
        if (!UploadIds.isWellFormed(uploadId)) {
            return null;
        }
        byte[] value = kv.get(MetaSchema.UPLOADS, MetaSchema.uploadKey(bucketId, key, uploadId));
        return value == null ? null : UploadRecord.decode(value);
    }

    void putUpload(KvBatch batch, long bucketId, String key, String uploadId, UploadRecord record) {
        batch.put(MetaSchema.UPLOADS, MetaSchema.uploadKey(bucketId, key, uploadId), record.encode());
    }

    void deleteUpload(KvBatch batch, long bucketId, String key, String uploadId) {
        batch.delete(MetaSchema.UPLOADS, MetaSchema.uploadKey(bucketId, key, uploadId));
    }

    /** The part's record, or null. */
    PartRecord part(String uploadId, int partNumber) {
        byte[] value = kv.get(MetaSchema.PARTS, MetaSchema.partKey(uploadId, partNumber));
        return value == null ? null : PartRecord.decode(value);
    }

    /** Parts with number > {@code afterPartNumber}, ascending, at most {@code max}. */
    List<PartRecord> parts(String uploadId, int afterPartNumber, int max) {
        List<PartRecord> parts = new ArrayList<>();
        if (max <= 0 || afterPartNumber == Integer.MAX_VALUE) {
            return parts;
        }
        try (KvCursor cursor = kv.prefixCursor(MetaSchema.PARTS, MetaSchema.partPrefix(uploadId))) {
            cursor.seek(MetaSchema.partKey(uploadId, Math.max(0, afterPartNumber) + 1));
            for (; cursor.isValid() && parts.size() < max; cursor.next()) {
                parts.add(PartRecord.decode(cursor.value()));
            }
        }
        return parts;
    }

    List<PartRecord> allParts(String uploadId) {
        return parts(uploadId, 0, Integer.MAX_VALUE);
    }

    void putPart(KvBatch batch, String uploadId, PartRecord record) {
        batch.put(MetaSchema.PARTS, MetaSchema.partKey(uploadId, record.info().partNumber()), record.encode());
    }

    void deletePart(KvBatch batch, String uploadId, int partNumber) {
        batch.delete(MetaSchema.PARTS, MetaSchema.partKey(uploadId, partNumber));
    }

    boolean fileReferenced(FileId id) {
        return kv.get(MetaSchema.FILES, MetaSchema.fileKey(id)) != null;
    }

    /**
     * Records that a data file belongs to an object or a part. Only the presence matters to the
     * orphan sweep; the owner's key is kept for whoever has to investigate a file by hand.
     */
    void putFile(KvBatch batch, FileId id, int ownerKind, byte[] ownerKey) {
        byte[] value = new ValueWriter(FILE_OWNER_VERSION).writeByte(ownerKind).writeBytes(ownerKey).toByteArray();
        batch.put(MetaSchema.FILES, MetaSchema.fileKey(id), value);
    }

    void deleteFile(KvBatch batch, FileId id) {
        batch.delete(MetaSchema.FILES, MetaSchema.fileKey(id));
    }
}
