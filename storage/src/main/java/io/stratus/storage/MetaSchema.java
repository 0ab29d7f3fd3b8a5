package io.stratus.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.stratus.kv.ByteKeys;
import io.stratus.kv.ColumnFamily;
import java.util.List;

/**
 * The metadata tables and their key layouts. Keys sort as unsigned bytes, which for UTF-8 keys is
 * S3's listing order. Every value starts with a format-version byte.
 */
final class MetaSchema {
    // buckets:  name (UTF-8)                                                  -> BucketRecord
    static final ColumnFamily BUCKETS = new ColumnFamily("buckets", true);
    // objects:  bucketId (8 BE) | key (UTF-8)                                 -> ObjectRecord
    static final ColumnFamily OBJECTS = new ColumnFamily("objects", true);
    // uploads:  bucketId (8 BE) | key (UTF-8) | 0x00 | uploadId (32 ASCII)    -> UploadRecord
    static final ColumnFamily UPLOADS = new ColumnFamily("uploads", true);
    // parts:    uploadId (32 ASCII) | partNumber (4 BE)                       -> PartRecord
    static final ColumnFamily PARTS = new ColumnFamily("parts", true);
    // files:    fileId (16)                                                   -> owner {kind, owner's key}
    static final ColumnFamily FILES = new ColumnFamily("files", true);
    // counters: 'u' | shard (2 BE) -> usage shard {objects, bytes};  's' | "bucket-id" -> last bucket id
    static final ColumnFamily COUNTERS = new ColumnFamily("counters", false);

    static final List<ColumnFamily> FAMILIES = List.of(BUCKETS, OBJECTS, UPLOADS, PARTS, FILES, COUNTERS);

    static final byte USAGE_SHARD_TAG = 'u';
    static final byte[] BUCKET_ID_SEQUENCE = ByteKeys.concat(new byte[] {'s'}, "bucket-id".getBytes(US_ASCII));

    private MetaSchema() {
    }

    static byte[] bucketKey(String name) {
        return name.getBytes(UTF_8);
    }

    /** The prefix of all of a bucket's objects (and of its uploads). */
    static byte[] bucketPrefix(long bucketId) {
        return ByteKeys.longBytes(bucketId);
    }

    static byte[] objectKey(long bucketId, String key) {
        return ByteKeys.concat(bucketPrefix(bucketId), key.getBytes(UTF_8));
    }

    static String objectKeyName(byte[] objectKey) {
        return new String(objectKey, 8, objectKey.length - 8, UTF_8);
    }

    static byte[] uploadKey(long bucketId, String key, String uploadId) {
        return ByteKeys.concat(bucketPrefix(bucketId), key.getBytes(UTF_8), new byte[] {0}, uploadId.getBytes(US_ASCII));
    }

    /** The object key bytes (without bucket id) of an uploads-table key; the upload id has a fixed length. */
    static byte[] uploadObjectKeyBytes(byte[] uploadKey) {
        int end = uploadKey.length - UploadIds.LENGTH - 1;
        byte[] key = new byte[end - 8];
        System.arraycopy(uploadKey, 8, key, 0, key.length);
        return key;
    }

    static String uploadIdOf(byte[] uploadKey) {
        return new String(uploadKey, uploadKey.length - UploadIds.LENGTH, UploadIds.LENGTH, US_ASCII);
    }

    static byte[] partKey(String uploadId, int partNumber) {
        return ByteKeys.concat(uploadId.getBytes(US_ASCII), ByteKeys.intBytes(partNumber));
    }

    static byte[] partPrefix(String uploadId) {
        return uploadId.getBytes(US_ASCII);
    }

    static byte[] fileKey(FileId id) {
        return id.bytes();
    }

    static byte[] usageShardKey(int shard) {
        return new byte[] {USAGE_SHARD_TAG, (byte) (shard >>> 8), (byte) shard};
    }
}
