package io.stratus.core.util;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Base64 helpers for values clients send in headers (checksums, Content-MD5, SSE-C keys). */
public final class Base64s {
    private Base64s() {
    }

    /**
     * Decodes standard, padded base64, or returns null when {@code value} is null or malformed.
     *
     * <p>Stricter than {@link Base64.Decoder}, which accepts missing padding and ignores set
     * bits in the last character: a client's value must match byte for byte when echoed or
     * compared, so only the canonical encoding is accepted.
     */
    public static byte[] decodeOrNull(String value) {
        if (value == null || value.length() % 4 != 0) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
        // Re-encoding rejects non-zero padding bits, which the decoder silently drops.
        byte[] reencoded = Base64.getEncoder().encode(decoded);
        return Arrays.equals(reencoded, value.getBytes(StandardCharsets.ISO_8859_1)) ? decoded : null;
    }
}
