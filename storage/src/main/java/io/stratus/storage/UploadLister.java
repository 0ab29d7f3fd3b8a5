package io.stratus.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.stratus.kv.ByteKeys;
import io.stratus.kv.KvCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of ListMultipartUploads: uploads in (key, initiation) order (the uploads table's key
 * order, since upload ids sort by initiation), common prefixes rolled up with one seek each.
 */
final class UploadLister {
    private final MetaTables meta;

    UploadLister(MetaTables meta) {
        this.meta = meta;
    }

    UploadListing list(long bucketId, String bucket, String prefixString, String delimiterString,
                       String keyMarker, String uploadIdMarker, int maxUploads) {
        if (maxUploads < 0) {
            throw new IllegalArgumentException("maxUploads is negative: " + maxUploads);
        }
        byte[] bucketPrefix = MetaSchema.bucketPrefix(bucketId);
        byte[] prefix = prefixString == null ? new byte[0] : prefixString.getBytes(UTF_8);
        byte[] delimiter = delimiterString == null || delimiterString.isEmpty() ? null : delimiterString.getBytes(UTF_8);
        byte[] marker = keyMarker == null ? null : keyMarker.getBytes(UTF_8);

        byte[] lower = ByteKeys.concat(bucketPrefix, prefix);
        byte[] start = lower;
        if (marker != null) {
            byte[] markerStart = uploadIdMarker == null
                    // key + 0x01 sorts after every "key 0x00 uploadId" and before every longer key.
                    ? ByteKeys.concat(bucketPrefix, marker, new byte[] {1})
                    : ByteKeys.after(ByteKeys.concat(bucketPrefix, marker, new byte[] {0}, uploadIdMarker.getBytes(UTF_8)));
            start = KeyRanges.max(markerStart, lower);
        }

        List<MultipartUpload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String nextKey = null;
        String nextUploadId = null;
        boolean truncated = false;
        try (KvCursor cursor = meta.kv().cursor(MetaSchema.UPLOADS, lower, ByteKeys.successor(lower))) {
            cursor.seek(start);
            while (cursor.isValid()) {
                byte[] fullKey = cursor.key();
                byte[] key = MetaSchema.uploadObjectKeyBytes(fullKey);
                byte[] common = KeyRanges.commonPrefix(key, prefix, delimiter);
                if (common != null) {
                    if (marker == null || ByteKeys.compare(common, marker) > 0) {
                        if (uploads.size() + prefixes.size() == maxUploads) {
                            truncated = true;
                            break;
                        }
                        nextKey = new String(common, UTF_8);
                        nextUploadId = null;
                        prefixes.add(nextKey);
                    }
                    byte[] next = ByteKeys.successor(ByteKeys.concat(bucketPrefix, common));
                    if (next == null) {
                        break;
                    }
                    cursor.seek(next);
                    continue;
                }
                if (uploads.size() + prefixes.size() == maxUploads) {
                    truncated = true;
                    break;
                }
                nextKey = new String(key, UTF_8);
                nextUploadId = MetaSchema.uploadIdOf(fullKey);
                uploads.add(UploadRecord.decode(cursor.value()).toUpload(bucket, nextKey, nextUploadId));
                cursor.next();
            }
        }
        return new UploadListing(uploads, prefixes, truncated, nextKey, nextUploadId);
    }
}
