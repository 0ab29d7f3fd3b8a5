package io.stratus.server;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A deterministic pseudo-random body of any length, generated as it is read: large uploads
 * without holding them in the test JVM. The same seed and length always give the same bytes.
 */
final class GeneratedBody extends InputStream {
    private final long seed;
    private final long length;
    private long position;

    GeneratedBody(long seed, long length) {
        this.seed = seed;
        this.length = length;
    }

    /** Hex MD5 of the body (what S3 returns as a single-part ETag). */
    static String md5Hex(long seed, long length) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] buf = new byte[64 * 1024];
        try (GeneratedBody body = new GeneratedBody(seed, length)) {
            int n;
            while ((n = body.read(buf, 0, buf.length)) > 0) {
                md5.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    @Override
    public int read() {
        if (position >= length) {
            return -1;
        }
        return byteAt(position++) & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        for (int i = 0; i < n; i++) {
            b[off + i] = byteAt(position + i);
        }
        position += n;
        return n;
    }

    private byte byteAt(long offset) {
        // splitmix64 of (seed, 8-byte word index), one byte of it: cheap and not a repeating pattern.
        long z = seed * 0x9E3779B97F4A7C15L + (offset >>> 3) + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (byte) (z >>> ((offset & 7) * 8));
    }
}
