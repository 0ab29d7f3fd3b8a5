package io.stratus.auth;

import io.stratus.core.util.Hex;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The hashing primitives of SigV4: SHA-256, HMAC-SHA256, lower-case hex, constant-time compare. */
final class SigV4Crypto {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** Hex SHA-256 of zero bytes; chunk string-to-sign lines and empty bodies use it. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final String HMAC_SHA256 = "HmacSHA256";

    /*
     * One digest and one MAC per thread for the one-shot helpers below. Every request hashes its
     * canonical request and MACs its string to sign; getInstance (a provider lookup) cost about
     * as much again as the hashing, some 3% of a small GET's event-loop time. digest(byte[]) and
     * init() leave no state behind, so a reused instance cannot leak one request into the next.
     */
    private static final ThreadLocal<MessageDigest> THREAD_SHA256 = ThreadLocal.withInitial(SigV4Crypto::newSha256);
    private static final ThreadLocal<Mac> THREAD_HMAC = ThreadLocal.withInitial(SigV4Crypto::newHmacInstance);

    private SigV4Crypto() {
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return Hex.encode(THREAD_SHA256.get().digest(bytes));
    }

    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** An HMAC-SHA256 instance keyed with {@code key}, reusable: doFinal resets it. */
    static Mac newHmac(byte[] key) {
        Mac mac = newHmacInstance();
        init(mac, key);
        return mac;
    }

    static byte[] hmac(byte[] key, String data) {
        Mac mac = THREAD_HMAC.get();
        init(mac, key);
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac newHmacInstance() {
        try {
            return Mac.getInstance(HMAC_SHA256);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256", e);
        }
    }

    private static void init(Mac mac, byte[] key) {
        try {
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a key", e);
        }
    }

    /** Compares without an early exit, so response timing tells nothing about how much matched. */
    static boolean constantTimeEquals(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isSha256Hex(String value) {
        if (value == null || value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
