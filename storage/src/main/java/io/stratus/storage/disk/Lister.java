package io.stratus.storage.disk;

import io.stratus.kv.RocksKv;
import io.stratus.storage.ListRequest;
import io.stratus.storage.ListResult;
import io.stratus.storage.ObjectInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One page of a listing as index seeks: seek to the start, walk keys in byte order, and when a
 * key rolls up into a common prefix, emit the prefix and seek past everything under it, so a
 * prefix holding a million keys costs one seek, not a million steps.
 */
final class Lister {
    private final EngineContext ctx;

    Lister(EngineContext ctx) {
        this.ctx = ctx;
    }

    ListResult list(long bucketId, ListRequest req) {
        String prefix = req.prefix() == null ? "" : req.prefix();
        String delimiter = req.delimiter() == null || req.delimiter().isEmpty() ? null : req.delimiter();
        byte[] prefixKey = Keys.object(bucketId, prefix);
        byte[] start = prefixKey;
        String after = req.startAfter();
        if (after != null) {
            byte[] afterKey = Keys.object(bucketId, after);
            boolean afterIsPrefix = delimiter != null && after.startsWith(prefix) && after.endsWith(delimiter)
                    && after.indexOf(delimiter, prefix.length()) == after.length() - delimiter.length();
            // Strictly after: the successor of a common prefix skips all of it; else the key + 0x00.
            byte[] from = afterIsPrefix ? Keys.successor(afterKey) : Keys.concat(afterKey, new byte[] {0});
            if (from != null && Arrays.compareUnsigned(from, start) > 0) {
                start = from;
            }
        }
        byte[] upper = Keys.successor(prefixKey.length > 8 ? prefixKey : Keys.bucketPrefix(bucketId));
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        if (req.maxKeys() <= 0) {
            return new ListResult(objects, prefixes, false, null);
        }
        try (RocksKv.Cursor c = ctx.kv.cursor(Keys.OBJECTS, upper)) {
            c.seek(start);
            while (c.valid()) {
                if (objects.size() + prefixes.size() >= req.maxKeys()) {
                    truncated = true;
                    break;
                }
                byte[] raw = c.key();
                String key = Keys.objectKey(raw);
                int d = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
                if (d >= 0) {
                    String common = key.substring(0, d + delimiter.length());
                    prefixes.add(common);
                    last = common;
                    byte[] next = Keys.successor(Keys.object(bucketId, common));
                    if (next == null) {
                        break;
                    }
                    c.seek(next);
                } else {
                    objects.add(DiskObjectStore.info(req.bucket(), key, Records.decodeObject(c.value())));
                    last = key;
                    c.next();
                }
            }
        }
        return new ListResult(objects, prefixes, truncated, last);
    }
}
