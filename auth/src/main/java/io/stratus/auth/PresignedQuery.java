package io.stratus.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The X-Amz-* parameters of a presigned (query-string authenticated) SigV4 request. */
record PresignedQuery(CredentialParameter credential, String amzDate, Instant date, long expiresSeconds,
        List<String> signedHeaders, String signature, String securityToken, String contentSha256) {
    static final String SIGNATURE = "X-Amz-Signature";
    static final String ALGORITHM = "X-Amz-Algorithm";
    static final String CREDENTIAL = "X-Amz-Credential";
    static final String DATE = "X-Amz-Date";
    static final String EXPIRES = "X-Amz-Expires";
    static final String SIGNED_HEADERS = "X-Amz-SignedHeaders";
    static final String SECURITY_TOKEN = "X-Amz-Security-Token";
    static final String CONTENT_SHA256 = "X-Amz-Content-Sha256";
    static final long MAX_EXPIRES_SECONDS = 604_800;

    /** True when the query carries any SigV4 query-auth parameter, i.e. the client meant to presign. */
    static boolean isPresigned(List<Map.Entry<String, String>> params) {
        return find(params, SIGNATURE) != null || find(params, ALGORITHM) != null || find(params, CREDENTIAL) != null;
    }

    static PresignedQuery parse(List<Map.Entry<String, String>> params) {
        String algorithm = find(params, ALGORITHM);
        String credential = find(params, CREDENTIAL);
        String amzDate = find(params, DATE);
        String expires = find(params, EXPIRES);
        String signedHeaders = find(params, SIGNED_HEADERS);
        String signature = find(params, SIGNATURE);
        if (algorithm == null || credential == null || amzDate == null || expires == null || signedHeaders == null
                || signature == null || signature.isEmpty()) {
            throw error("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                    + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        if (!algorithm.equals(SigV4Crypto.ALGORITHM)) {
            throw error("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        CredentialParameter parsedCredential = CredentialParameter.parse(credential).orElseThrow(() -> error(
                "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                        + "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."));
        Instant date = AmzDates.parseIsoBasic(amzDate).orElseThrow(
                () -> error("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""));
        long expiresSeconds = parseExpires(expires);
        List<String> headers = AuthorizationHeader.splitSignedHeaders(signedHeaders);
        if (headers.isEmpty()) {
            throw error("X-Amz-SignedHeaders must not be empty");
        }
        return new PresignedQuery(parsedCredential, amzDate, date, expiresSeconds, headers, signature,
                find(params, SECURITY_TOKEN), find(params, CONTENT_SHA256));
    }

    static AuthException error(String message) {
        return AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception(message);
    }

    private static long parseExpires(String value) {
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error("X-Amz-Expires should be a number");
        }
        if (seconds < 0) {
            throw error("X-Amz-Expires must be non-negative");
        }
        if (seconds == 0) {
            throw error("X-Amz-Expires must be at least 1 second");
        }
        if (seconds > MAX_EXPIRES_SECONDS) {
            throw error("X-Amz-Expires must be less than a week (in seconds) that is; the maximum expires is "
                    + MAX_EXPIRES_SECONDS + " seconds");
        }
        return seconds;
    }

    /** The first value of a parameter (names are case-sensitive, as in AWS), or null. */
    static String find(List<Map.Entry<String, String>> params, String name) {
        for (Map.Entry<String, String> param : params) {
            if (param.getKey().equals(name)) {
                return param.getValue();
            }
        }
        return null;
    }
}
