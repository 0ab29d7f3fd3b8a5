package io.stratus.http;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes {@code x-amz-request-id} values (16 upper-case hex digits) and {@code x-amz-id-2} values
 * (random base64). Request ids are a counter pushed through a bijective 64-bit mixer, so they look
 * random yet never repeat within one process.
 */
final class RequestIdGenerator {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final AtomicLong counter;

    RequestIdGenerator() {
        this(new SecureRandom().nextLong());
    }

    RequestIdGenerator(long seed) {
        this.counter = new AtomicLong(seed);
    }

    String nextRequestId() {
        long value = mix(counter.getAndIncrement());
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(out);
    }

    String nextHostId() {
        byte[] bytes = new byte[48];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    // The SplitMix64 finaliser: each step (xor-shift, multiply by an odd constant) is invertible,
    // so distinct counter values always give distinct ids.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
