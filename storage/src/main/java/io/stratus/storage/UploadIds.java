package io.stratus.storage;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Multipart upload ids: 32 URL-safe characters encoding 24 bytes, a strictly increasing
 * microsecond stamp (8 bytes) then 16 random bytes. The alphabet is base64url's 64 characters in
 * ASCII order, so ids of one length sort like their bytes: the uploads of a key, keyed by
 * key + id, list in initiation order as ListMultipartUploads requires.
 */
final class UploadIds {
    static final int LENGTH = 32;
    private static final String ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final AtomicLong lastStamp = new AtomicLong();

    UploadIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        Instant now = clock.instant();
        long micros = Math.multiplyExact(now.getEpochSecond(), 1_000_000L) + now.getNano() / 1_000;
        // Strictly increasing even when the clock stalls or steps back within this process.
        long stamp = lastStamp.accumulateAndGet(micros, (previous, current) -> Math.max(previous + 1, current));
        byte[] bytes = new byte[24];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (stamp >>> (56 - 8 * i));
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, bytes, 8, 16);
        return encode(bytes);
    }

    /** True for strings this class could have produced (any other id cannot name an upload). */
    static boolean isWellFormed(String uploadId) {
        if (uploadId == null || uploadId.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(uploadId.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Big-endian 6-bit groups: order-preserving for inputs of equal length (a multiple of 3). */
    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length / 3 * 4);
        for (int i = 0; i + 2 < bytes.length; i += 3) {
            int group = ((bytes[i] & 0xFF) << 16) | ((bytes[i + 1] & 0xFF) << 8) | (bytes[i + 2] & 0xFF);
            out.append(ALPHABET.charAt(group >>> 18))
                    .append(ALPHABET.charAt((group >>> 12) & 63))
                    .append(ALPHABET.charAt((group >>> 6) & 63))
                    .append(ALPHABET.charAt(group & 63));
        }
        return out.toString();
    }
}
