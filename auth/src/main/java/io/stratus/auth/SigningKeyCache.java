package io.stratus.auth;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derives SigV4 signing keys and remembers them. A key is four chained HMACs and stays the same
 * for a whole day per (secret, region, service), so nearly every request hits the cache.
 */
final class SigningKeyCache {
    /** Enough for thousands of active keys; when full it starts over rather than tracking recency. */
    private static final int MAX_ENTRIES = 4096;

    private final ConcurrentHashMap<Key, byte[]> keys = new ConcurrentHashMap<>();

    /** Returns the cached key; callers must not modify the returned array. */
    byte[] signingKey(String secretKey, String date, String region, String service) {
        Key key = new Key(secretKey, date, region, service);
        byte[] cached = keys.get(key);
        if (cached != null) {
            return cached;
        }
        if (keys.size() >= MAX_ENTRIES) {
            keys.clear();
        }
        byte[] derived = derive(secretKey, date, region, service);
        keys.put(key, derived);
        return derived;
    }

    static byte[] derive(String secretKey, String date, String region, String service) {
        byte[] dateKey = SigV4Crypto.hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] regionKey = SigV4Crypto.hmac(dateKey, region);
        byte[] serviceKey = SigV4Crypto.hmac(regionKey, service);
        return SigV4Crypto.hmac(serviceKey, "aws4_request");
    }

    private record Key(String secretKey, String date, String region, String service) {
        @Override
        public String toString() {
            return "Key[" + date + "/" + region + "/" + service + "]";
        }
    }
}
