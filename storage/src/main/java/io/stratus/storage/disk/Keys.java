package io.stratus.storage.disk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key layouts of the metadata column families (byte order = listing order):
 * <pre>
 * buckets:  bucket name (UTF-8)                                   -> BucketRecord
 * objects:  bucketId (8 bytes BE) + object key (UTF-8)            -> ObjectRecord
 * uploads:  bucketId (8 bytes BE) + object key + 0x00 + uploadId  -> UploadRecord
 * parts:    uploadId (ASCII) + 0x00 + partNumber (4 bytes BE)     -> PartRecord
 * files:    data file name (ASCII)                                -> empty (the file is referenced)
 * counters: "objects" | "bytes"                                   -> int64 little-endian (add-merged)
 * </pre>
 * Object keys never contain NUL (the protocol layer refuses it), so 0x00 is a safe separator.
 */
final class Keys {
    static final String BUCKETS = "buckets";
    static final String OBJECTS = "objects";
    static final String UPLOADS = "uploads";
    static final String PARTS = "parts";
    static final String FILES = "files";
    static final String COUNTERS = "counters";
    static final byte[] OBJECT_COUNT = "objects".getBytes(StandardCharsets.US_ASCII);
    static final byte[] BYTE_COUNT = "bytes".getBytes(StandardCharsets.US_ASCII);

    private Keys() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bucketPrefix(long bucketId) {
        return ByteBuffer.allocate(8).putLong(bucketId).array();
    }

    static byte[] object(long bucketId, String key) {
        return concat(bucketPrefix(bucketId), utf8(key));
    }

    /** The object key of an objects-family key. */
    static String objectKey(byte[] rawKey) {
        return new String(rawKey, 8, rawKey.length - 8, StandardCharsets.UTF_8);
    }

    static byte[] upload(long bucketId, String key, String uploadId) {
        return concat(bucketPrefix(bucketId), utf8(key), new byte[] {0}, utf8(uploadId));
    }

    /** Splits an uploads-family key into object key and upload id. */
    static String[] uploadKeyAndId(byte[] rawKey) {
        int sep = -1;
        for (int i = rawKey.length - 1; i >= 8; i--) {
            if (rawKey[i] == 0) {
                sep = i;
                break;
            }
        }
        return new String[] {new String(rawKey, 8, sep - 8, StandardCharsets.UTF_8),
                new String(rawKey, sep + 1, rawKey.length - sep - 1, StandardCharsets.UTF_8)};
    }

    static byte[] partPrefix(String uploadId) {
        return concat(utf8(uploadId), new byte[] {0});
    }

    static byte[] part(String uploadId, int partNumber) {
        return concat(partPrefix(uploadId), ByteBuffer.allocate(4).putInt(partNumber).array());
    }

    /** The smallest key greater than every key starting with {@code prefix}; null when none exists. */
    static byte[] successor(byte[] prefix) {
        byte[] s = Arrays.copyOf(prefix, prefix.length);
        for (int i = s.length - 1; i >= 0; i--) {
            if (s[i] != (byte) 0xff) {
                s[i]++;
                return Arrays.copyOf(s, i + 1);
            }
        }
        return null;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
