package io.stratus.http;

import java.io.InputStream;

/** A long deterministic byte stream (byte i = (i * 31 + i / 4099) & 0xFF) generated on the fly. */
final class PatternInputStream extends InputStream {
    private final long length;
    private long position;

    PatternInputStream(long length) {
        this.length = length;
    }

    static int byteAt(long i) {
        return (int) ((i * 31 + i / 4099) & 0xFF);
    }

    @Override
    public int read() {
        return position < length ? byteAt(position++) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) byteAt(position++);
        }
        return n;
    }
}
