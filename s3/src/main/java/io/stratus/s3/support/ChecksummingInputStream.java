package io.stratus.s3.support;

import io.stratus.core.checksum.Checksummer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Computes a checksum of everything read through it (for a client checksum the store does not keep). */
final class ChecksummingInputStream extends FilterInputStream {
    private final Checksummer checksummer;

    ChecksummingInputStream(InputStream in, Checksummer checksummer) {
        super(in);
        this.checksummer = checksummer;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            checksummer.update(new byte[] {(byte) b});
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            checksummer.update(buf, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would leave bytes out of the checksum; read them instead.
        byte[] scratch = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    String digestBase64() {
        return checksummer.digestBase64();
    }
}
