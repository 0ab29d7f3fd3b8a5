package io.stratus.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.stratus.kv.ByteKeys;
import io.stratus.kv.KvCursor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One page of ListObjects in O(page) cursor steps: a seek to the start, then one step per object
 * and one seek per common prefix (to the prefix's successor), never a walk over the keys under a
 * prefix. The cursor's upper bound is the end of bucket + prefix, so it never reads past it.
 */
final class ObjectLister {
    private final MetaTables meta;

    ObjectLister(MetaTables meta) {
        this.meta = meta;
    }

    /**
     * maxKeys = 0 returns no entries and reports truncated = true when any entry exists (AWS
     * answers false there; the protocol layer decides what to print).
     */
    ListResult list(long bucketId, ListRequest request) {
        if (request.maxKeys() < 0) {
            throw new IllegalArgumentException("maxKeys is negative: " + request.maxKeys());
        }
        byte[] bucketPrefix = MetaSchema.bucketPrefix(bucketId);
        byte[] prefix = request.prefix() == null ? new byte[0] : request.prefix().getBytes(UTF_8);
        byte[] delimiter = request.delimiter() == null || request.delimiter().isEmpty() ? null : request.delimiter().getBytes(UTF_8);
        byte[] startAfter = request.startAfter() == null ? null : request.startAfter().getBytes(UTF_8);

        byte[] start = prefix;
        if (startAfter != null) {
            byte[] afterStart = ByteKeys.after(startAfter);
            if (Arrays.equals(KeyRanges.commonPrefix(startAfter, prefix, delimiter), startAfter)) {
                // startAfter is itself a common prefix: skip everything under it.
                afterStart = ByteKeys.successor(startAfter);
            }
            start = afterStart == null ? null : KeyRanges.max(afterStart, prefix);
        }

        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        if (start == null) {
            return new ListResult(objects, prefixes, false, null);
        }
        byte[] lower = ByteKeys.concat(bucketPrefix, prefix);
        try (KvCursor cursor = meta.kv().cursor(MetaSchema.OBJECTS, lower, ByteKeys.successor(lower))) {
            cursor.seek(ByteKeys.concat(bucketPrefix, start));
            while (cursor.isValid()) {
                byte[] fullKey = cursor.key();
                byte[] key = Arrays.copyOfRange(fullKey, bucketPrefix.length, fullKey.length);
                byte[] common = KeyRanges.commonPrefix(key, prefix, delimiter);
                if (common != null) {
                    // A key under startAfter's own prefix (possible when startAfter is deeper than
                    // the common prefix) must not bring that prefix back.
                    if (startAfter == null || ByteKeys.compare(common, startAfter) > 0) {
                        if (objects.size() + prefixes.size() == request.maxKeys()) {
                            truncated = true;
                            break;
                        }
                        last = new String(common, UTF_8);
                        prefixes.add(last);
                    }
                    byte[] next = ByteKeys.successor(ByteKeys.concat(bucketPrefix, common));
                    if (next == null) {
                        break;
                    }
                    cursor.seek(next);
                    continue;
                }
                if (objects.size() + prefixes.size() == request.maxKeys()) {
                    truncated = true;
                    break;
                }
                last = new String(key, UTF_8);
                objects.add(ObjectRecord.decodeInfo(request.bucket(), last, cursor.value()));
                cursor.next();
            }
        }
        return new ListResult(objects, prefixes, truncated, last);
    }
}
