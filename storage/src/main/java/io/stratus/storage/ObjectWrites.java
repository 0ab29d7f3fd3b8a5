package io.stratus.storage;

import io.stratus.kv.KvBatch;
import java.util.List;

/**
 * The metadata side of replacing or removing an object, shared by PUT, multipart completion and
 * DELETE. Callers hold the key's lock, so the record they read as "current" is still current when
 * their batch commits.
 */
final class ObjectWrites {
    private final MetaTables meta;
    private final UsageCounters usage;

    ObjectWrites(MetaTables meta, UsageCounters usage) {
        this.meta = meta;
        this.usage = usage;
    }

    /**
     * Checks a write condition against the current record.
     * @throws StorageException PRECONDITION_FAILED; NO_SUCH_KEY for If-Match on a missing key (as AWS answers)
     */
    static void checkCondition(WriteCondition condition, ObjectRecord current, String bucket, String key) throws StorageException {
        if (condition == null) {
            return;
        }
        if (condition.ifNoneMatchStar() && current != null) {
            throw new StorageException(StorageError.PRECONDITION_FAILED, "Object exists: " + bucket + "/" + key);
        }
        String ifMatch = condition.ifMatchEtag();
        if (ifMatch != null) {
            if (current == null) {
                throw new StorageException(StorageError.NO_SUCH_KEY, "No such key: " + bucket + "/" + key);
            }
            if (!ifMatch.equals("*") && !ifMatch.equals(current.etag())) {
                throw new StorageException(StorageError.PRECONDITION_FAILED,
                        "ETag of " + bucket + "/" + key + " does not match " + ifMatch);
            }
        }
    }

    /**
     * Stages {@code next} replacing {@code current} (null if none): the record, ownership of its
     * files, release of the replaced files, and the usage change. The returned files may be
     * deleted once the batch has committed.
     */
    Staged stageReplace(KvBatch batch, StorageLocks.KeyLock lock, long bucketId, String key,
                        ObjectRecord current, ObjectRecord next) {
        meta.putObject(batch, bucketId, key, next);
        byte[] owner = MetaSchema.objectKey(bucketId, key);
        for (FileId id : next.data().fileIds()) {
            meta.putFile(batch, id, MetaTables.OWNER_OBJECT, owner);
        }
        List<FileId> obsolete = current == null ? List.of() : current.data().fileIds();
        obsolete.forEach(id -> meta.deleteFile(batch, id));
        UsageCounters.Change change = usage.stage(batch, lock.stripe(),
                current == null ? 1 : 0, next.size() - (current == null ? 0 : current.size()));
        return new Staged(change, obsolete);
    }

    /** Stages the removal of {@code current}; its files may be deleted once the batch has committed. */
    Staged stageDelete(KvBatch batch, StorageLocks.KeyLock lock, long bucketId, String key, ObjectRecord current) {
        meta.deleteObject(batch, bucketId, key);
        List<FileId> obsolete = current.data().fileIds();
        obsolete.forEach(id -> meta.deleteFile(batch, id));
        return new Staged(usage.stage(batch, lock.stripe(), -1, -current.size()), obsolete);
    }

    /** A staged change: publish {@code usage} after the commit, then delete {@code obsoleteFiles}. */
    record Staged(UsageCounters.Change usage, List<FileId> obsoleteFiles) {
    }
}
