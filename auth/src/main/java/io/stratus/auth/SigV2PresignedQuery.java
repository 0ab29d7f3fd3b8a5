package io.stratus.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature Version 2 in the query string ({@code ?AWSAccessKeyId=&Expires=&Signature=}), the only
 * SigV2 form Stratus accepts: boto3's default {@code generate_presigned_url} still produces it for
 * S3. String to sign: verb, Content-MD5, Content-Type, Expires, the x-amz-* headers and the
 * canonical resource (path plus the sub-resources S3 lists), HMAC-SHA1, base64.
 */
final class SigV2PresignedQuery {
    private static final Set<String> SUBRESOURCES = Set.of("acl", "cors", "delete", "lifecycle", "location", "logging",
            "notification", "partNumber", "policy", "requestPayment", "restore", "tagging", "torrent", "uploadId",
            "uploads", "versionId", "versioning", "versions", "website", "response-cache-control",
            "response-content-disposition", "response-content-encoding", "response-content-language",
            "response-content-type", "response-expires");

    private SigV2PresignedQuery() {
    }

    static boolean isPresentIn(List<Map.Entry<String, String>> query) {
        return PresignedQuery.find(query, "AWSAccessKeyId") != null && PresignedQuery.find(query, "Signature") != null
                && PresignedQuery.find(query, "Expires") != null;
    }

    static AuthContext verify(SignedRequest request, RequestHeaders headers, List<Map.Entry<String, String>> query,
                              CredentialLookup credentials, Instant now) {
        String accessKeyId = PresignedQuery.find(query, "AWSAccessKeyId");
        String signature = PresignedQuery.find(query, "Signature");
        String expires = PresignedQuery.find(query, "Expires");
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires.trim());
        } catch (NumberFormatException e) {
            throw AuthError.ACCESS_DENIED.exception("Invalid date (should be seconds since epoch): " + expires);
        }
        if (now.getEpochSecond() > expiresAt) {
            throw AuthError.ACCESS_DENIED.exception("Request has expired");
        }
        String token = PresignedQuery.find(query, "x-amz-security-token");
        Credential credential = credentials.find(accessKeyId, token).orElseThrow(() -> AuthError.INVALID_ACCESS_KEY_ID.exception(
                "The AWS Access Key Id you provided does not exist in our records."));
        if (credential.sessionToken() != null) {
            if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    credential.sessionToken().getBytes(StandardCharsets.UTF_8))) {
                throw AuthError.INVALID_TOKEN.exception("The provided token is malformed or otherwise invalid.");
            }
        }
        byte[] provided;
        try {
            // A '+' that arrived unencoded was decoded as a space.
            provided = Base64.getDecoder().decode(signature.trim().replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            throw AuthError.SIGNATURE_DOES_NOT_MATCH.exception("The request signature is not valid base64.");
        }
        for (String resource : candidateResources(request.rawPath(), headers.first("host"))) {
            String stringToSign = request.method() + "\n"
                    + nullToEmpty(headers.first("content-md5")) + "\n"
                    + nullToEmpty(headers.first("content-type")) + "\n"
                    + expires + "\n"
                    + amzHeaders(request.headers())
                    + resource + subresources(query);
            if (MessageDigest.isEqual(hmacSha1(credential.secretKey(), stringToSign), provided)) {
                return AuthContext.signedByQuery(credential, PayloadMode.UNSIGNED_PAYLOAD, null);
            }
        }
        throw AuthError.SIGNATURE_DOES_NOT_MATCH.exception(
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }

    /** Path style signs the path as sent; virtual-host style signs /bucket + path. */
    private static List<String> candidateResources(String rawPath, String host) {
        List<String> candidates = new ArrayList<>();
        candidates.add(rawPath.isEmpty() ? "/" : rawPath);
        if (host != null) {
            String h = host.toLowerCase(Locale.ROOT);
            int colon = h.lastIndexOf(':');
            if (colon > 0) {
                h = h.substring(0, colon);
            }
            int dot = h.indexOf('.');
            if (dot > 0 && !h.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
                candidates.add("/" + h.substring(0, dot) + (rawPath.isEmpty() ? "/" : rawPath));
            }
        }
        return candidates;
    }

    private static String amzHeaders(List<Map.Entry<String, String>> all) {
        TreeMap<String, String> amz = new TreeMap<>();
        for (Map.Entry<String, String> h : all) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-")) {
                amz.merge(name, h.getValue().trim(), (a, b) -> a + "," + b);
            }
        }
        StringBuilder sb = new StringBuilder();
        amz.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
        return sb.toString();
    }

    private static String subresources(List<Map.Entry<String, String>> query) {
        TreeMap<String, String> kept = new TreeMap<>();
        for (Map.Entry<String, String> p : query) {
            if (SUBRESOURCES.contains(p.getKey())) {
                kept.put(p.getKey(), p.getValue());
            }
        }
        StringBuilder sb = new StringBuilder();
        kept.forEach((k, v) -> {
            sb.append(sb.length() == 0 ? '?' : '&').append(k);
            if (v != null && !v.isEmpty()) {
                sb.append('=').append(v);
            }
        });
        return sb.toString();
    }

    private static byte[] hmacSha1(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
