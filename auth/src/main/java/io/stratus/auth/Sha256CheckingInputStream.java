package io.stratus.auth;

import io.stratus.core.util.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a body through while hashing it, and at end of stream fails with XAmzContentSHA256Mismatch
 * if the body is not the one whose hash was signed. The consumer must read to end of stream: the
 * check happens there, and the storage layer discards a write whose read threw.
 */
final class Sha256CheckingInputStream extends InputStream {
    private final InputStream raw;
    private final String expectedHex;
    private final MessageDigest digest = SigV4Crypto.newSha256();
    private final byte[] one = new byte[1];
    private boolean verified;

    Sha256CheckingInputStream(InputStream raw, String expectedHex) {
        this.raw = raw;
        this.expectedHex = expectedHex;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = raw.read(b, off, len);
        if (n < 0) {
            String actual = Hex.encode(digest.digest());
            if (!SigV4Crypto.constantTimeEquals(expectedHex, actual)) {
                throw AuthError.X_AMZ_CONTENT_SHA256_MISMATCH.exception(
                        "The provided 'x-amz-content-sha256' header does not match what was computed.");
            }
            verified = true;
            return -1;
        }
        digest.update(b, off, n);
        return n;
    }

    @Override
    public int available() throws IOException {
        return verified ? 0 : raw.available();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
