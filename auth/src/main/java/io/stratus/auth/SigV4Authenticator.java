package io.stratus.auth;

import static java.util.Objects.requireNonNull;

import io.stratus.core.util.Hex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies AWS Signature Version 4 the way S3 does: the Authorization header form and the presigned
 * (query string) form, then tells the caller how to read the body ({@link AuthContext#wrapBody}).
 * Thread-safe; one instance serves all requests.
 *
 * <p>Services other than S3 (IAM, STS query APIs) may omit x-amz-content-sha256. Without it the
 * payload hash cannot be known before the body is read, so {@link #authenticate(SignedRequest, String)}
 * then signs against the hash of an empty body (right for GET query calls), and callers holding a
 * form body use {@link #authenticate(SignedRequest, String, byte[])}, which hashes it.
 */
public final class SigV4Authenticator {
    private static final Logger log = LoggerFactory.getLogger(SigV4Authenticator.class);
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final String S3 = "s3";
    private static final String CONTENT_SHA256 = "x-amz-content-sha256";

    private final CredentialLookup credentials;
    private final Clock clock;
    private final String region;
    private final SigningKeyCache signingKeys = new SigningKeyCache();

    public SigV4Authenticator(CredentialLookup credentials, Clock clock, String region) {
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.region = requireNonNull(region, "region is null");
    }

    /**
     * @param service "s3" (canonical URI is the path as the client encoded it) or another service
     *     name, e.g. "iam" (canonical URI is the path encoded once more, as AWS does outside S3)
     * @return the context of the request; anonymous when it carries no signature at all
     * @throws AuthException with the AWS error code and status when the request is not authentic
     */
    public AuthContext authenticate(SignedRequest request, String service) throws AuthException {
        return verify(request, service, null);
    }

    /**
     * Like {@link #authenticate(SignedRequest, String)} for a request whose whole (small) body the
     * caller already holds, such as an IAM or STS form post: the payload hash is computed from
     * {@code body}, and a signed x-amz-content-sha256 that differs from it is XAmzContentSHA256Mismatch.
     */
    public AuthContext authenticate(SignedRequest request, String service, byte[] body) throws AuthException {
        return verify(request, service, SigV4Crypto.sha256Hex(requireNonNull(body, "body is null")));
    }

    private AuthContext verify(SignedRequest request, String service, String bodySha256) {
        requireNonNull(request, "request is null");
        requireNonNull(service, "service is null");
        RequestHeaders headers = new RequestHeaders(request.headers());
        List<Map.Entry<String, String>> query = AwsEncoding.parseQuery(request.rawQuery());
        String authorization = headers.first("authorization");
        boolean presigned = PresignedQuery.isPresigned(query);
        if (authorization != null && presigned) {
            throw AuthError.INVALID_ARGUMENT.exception("Only one auth mechanism allowed; only the X-Amz-Algorithm "
                    + "query parameter, Signature query string parameter or the Authorization header should be specified");
        }
        if (authorization != null) {
            return verifyHeader(request, service, headers, query, AuthorizationHeader.parse(authorization), bodySha256);
        }
        if (presigned) {
            return verifyPresigned(request, service, headers, query, PresignedQuery.parse(query), bodySha256);
        }
        if (S3.equals(service) && SigV2PresignedQuery.isPresentIn(query)) {
            return SigV2PresignedQuery.verify(request, headers, query, credentials, clock.instant());
        }
        if (PresignedQuery.find(query, "AWSAccessKeyId") != null && PresignedQuery.find(query, "Signature") != null) {
            throw AuthError.INVALID_REQUEST.exception(AuthorizationHeader.UNSUPPORTED_MECHANISM);
        }
        return AuthContext.anonymousContext();
    }

    private AuthContext verifyHeader(SignedRequest request, String service, RequestHeaders headers,
            List<Map.Entry<String, String>> query, AuthorizationHeader auth, String bodySha256) {
        RequestTime time = requestTime(headers);
        CredentialParameter scope = auth.credential();
        checkScope(scope, time.amzDate(), service, AuthorizationHeader::malformed);
        if (Duration.between(time.instant(), clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
            throw AuthError.REQUEST_TIME_TOO_SKEWED.exception(
                    "The difference between the request time and the current time is too large.");
        }
        Payload payload = headerPayload(headers, service, bodySha256);
        requireSigned(headers, auth.signedHeaders());
        String sessionToken = headers.first("x-amz-security-token");
        Credential credential = lookup(scope.accessKeyId(), sessionToken);
        checkSessionToken(credential, sessionToken);
        String canonical = CanonicalRequest.build(request.method(), AwsEncoding.canonicalUri(request.rawPath(),
                S3.equals(service)), AwsEncoding.canonicalQuery(query, null), headers, auth.signedHeaders(), payload.hash());
        byte[] key = signingKeys.signingKey(credential.secretKey(), scope.date(), scope.region(), scope.service());
        checkSignature(key, time.amzDate(), scope.scope(), canonical, auth.signature());
        StreamingSeed seed = payload.mode().signsChunks()
                ? new StreamingSeed(key, time.amzDate(), scope.scope(), auth.signature())
                : null;
        return AuthContext.signedByHeader(credential, payload.mode(), payload.decodedLength(),
                payload.mode() == PayloadMode.SIGNED_PAYLOAD ? payload.hash() : null, seed);
    }

    private AuthContext verifyPresigned(SignedRequest request, String service, RequestHeaders headers,
            List<Map.Entry<String, String>> query, PresignedQuery presigned, String bodySha256) {
        CredentialParameter scope = presigned.credential();
        checkScope(scope, presigned.amzDate(), service,
                detail -> PresignedQuery.error("Error parsing the X-Amz-Credential parameter; " + detail));
        // No skew check for presigned URLs (they are meant to be used later), but one dated in the future is not yet valid.
        Instant now = clock.instant();
        if (presigned.date().isAfter(now.plus(MAX_SKEW))) {
            throw AuthError.ACCESS_DENIED.exception("Request is not yet valid");
        }
        if (now.isAfter(presigned.date().plusSeconds(presigned.expiresSeconds()))) {
            throw AuthError.ACCESS_DENIED.exception("Request has expired");
        }
        requireSigned(headers, presigned.signedHeaders());
        Credential credential = lookup(scope.accessKeyId(), presigned.securityToken());
        checkSessionToken(credential, presigned.securityToken());
        // The signer cannot know the body of a URL it hands out, so the payload is UNSIGNED-PAYLOAD unless
        // the client pinned a hash, in the query or in a signed x-amz-content-sha256 header.
        String payloadHash = presigned.contentSha256() != null ? presigned.contentSha256()
                : presigned.signedHeaders().contains(CONTENT_SHA256) ? headers.first(CONTENT_SHA256)
                : PayloadMode.UNSIGNED_PAYLOAD.headerValue().orElseThrow();
        PayloadMode mode = presignedPayloadMode(payloadHash, bodySha256);
        String canonical = CanonicalRequest.build(request.method(), AwsEncoding.canonicalUri(request.rawPath(),
                S3.equals(service)), AwsEncoding.canonicalQuery(query, PresignedQuery.SIGNATURE), headers,
                presigned.signedHeaders(), payloadHash);
        byte[] key = signingKeys.signingKey(credential.secretKey(), scope.date(), scope.region(), scope.service());
        checkSignature(key, presigned.amzDate(), scope.scope(), canonical, presigned.signature());
        return AuthContext.signedByQuery(credential, mode, mode == PayloadMode.SIGNED_PAYLOAD ? payloadHash : null);
    }

    private void checkScope(CredentialParameter scope, String amzDate, String service,
            Function<String, AuthException> error) {
        if (!scope.region().equals(region)) {
            throw error.apply("the region '" + scope.region() + "' is wrong; expecting '" + region + "'");
        }
        if (!scope.service().equals(service)) {
            throw error.apply("incorrect service \"" + scope.service() + "\". This endpoint belongs to \"" + service + "\".");
        }
        if (!amzDate.startsWith(scope.date())) {
            throw error.apply("Invalid credential date. Date is not the same as X-Amz-Date.");
        }
    }

    private static RequestTime requestTime(RequestHeaders headers) {
        String amzDate = headers.first("x-amz-date");
        if (amzDate != null) {
            Instant instant = AmzDates.parseIsoBasic(amzDate).orElseThrow(SigV4Authenticator::missingDate);
            return new RequestTime(instant, amzDate);
        }
        Instant instant = AmzDates.parseHttpDate(headers.first("date")).orElseThrow(SigV4Authenticator::missingDate);
        return new RequestTime(instant, AmzDates.formatIsoBasic(instant));
    }

    private static AuthException missingDate() {
        return AuthError.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
    }

    private static Payload headerPayload(RequestHeaders headers, String service, String bodySha256) {
        String value = headers.first(CONTENT_SHA256);
        if (value == null) {
            if (S3.equals(service)) {
                throw AuthError.INVALID_REQUEST.exception("Missing required header for this request: " + CONTENT_SHA256);
            }
            return new Payload(PayloadMode.SIGNED_PAYLOAD, bodySha256 != null ? bodySha256 : SigV4Crypto.EMPTY_SHA256, -1);
        }
        Optional<PayloadMode> literal = PayloadMode.fromLiteral(value);
        if (literal.isPresent()) {
            PayloadMode mode = literal.get();
            return new Payload(mode, value, mode.isStreaming() ? decodedLength(headers) : -1);
        }
        return new Payload(signedPayloadMode(value, bodySha256), value, -1);
    }

    private static PayloadMode presignedPayloadMode(String payloadHash, String bodySha256) {
        if (PayloadMode.UNSIGNED_PAYLOAD.headerValue().orElseThrow().equals(payloadHash)) {
            return PayloadMode.UNSIGNED_PAYLOAD;
        }
        return signedPayloadMode(payloadHash, bodySha256);
    }

    private static PayloadMode signedPayloadMode(String hash, String bodySha256) {
        if (!SigV4Crypto.isSha256Hex(hash)) {
            throw AuthError.INVALID_ARGUMENT.exception("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                    + "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                    + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
        }
        if (bodySha256 != null && !bodySha256.equalsIgnoreCase(hash)) {
            throw AuthError.X_AMZ_CONTENT_SHA256_MISMATCH.exception(
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return PayloadMode.SIGNED_PAYLOAD;
    }

    /** -1 when absent: the body's end is then known from its framing alone. */
    private static long decodedLength(RequestHeaders headers) {
        String value = headers.first("x-amz-decoded-content-length");
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw AuthError.INVALID_ARGUMENT.exception("x-amz-decoded-content-length must be a non-negative integer.");
    }

    /** Host and every x-amz-* header must be signed, or they could be changed in flight. */
    private static void requireSigned(RequestHeaders headers, List<String> signedHeaders) {
        boolean allSigned = signedHeaders.contains("host");
        for (String name : headers.names()) {
            if (name.startsWith("x-amz-") && !signedHeaders.contains(name)) {
                allSigned = false;
            }
        }
        if (!allSigned) {
            throw AuthError.ACCESS_DENIED.exception("There were headers present in the request which were not signed");
        }
    }

    private Credential lookup(String accessKeyId, String sessionToken) {
        return credentials.find(accessKeyId, sessionToken).orElseThrow(() -> AuthError.INVALID_ACCESS_KEY_ID.exception(
                "The AWS Access Key Id you provided does not exist in our records."));
    }

    /** Temporary credentials are only valid together with their token; long-term keys take none. */
    private static void checkSessionToken(Credential credential, String provided) {
        boolean valid = credential.sessionToken() == null
                ? provided == null
                : SigV4Crypto.constantTimeEquals(credential.sessionToken(), provided);
        if (!valid) {
            throw AuthError.INVALID_TOKEN.exception("The provided token is malformed or otherwise invalid.");
        }
    }

    private static void checkSignature(byte[] signingKey, String amzDate, String scope, String canonicalRequest,
            String provided) {
        String stringToSign = CanonicalRequest.stringToSign(amzDate, scope, canonicalRequest);
        String expected = Hex.encode(SigV4Crypto.hmac(signingKey, stringToSign));
        if (!SigV4Crypto.constantTimeEquals(expected, provided)) {
            log.debug("SignatureDoesNotMatch; canonical request:\n{}\nstring to sign:\n{}", canonicalRequest, stringToSign);
            throw AuthError.SIGNATURE_DOES_NOT_MATCH.exception("The request signature we calculated does not match "
                    + "the signature you provided. Check your key and signing method.");
        }
    }

    private record RequestTime(Instant instant, String amzDate) {
    }

    private record Payload(PayloadMode mode, String hash, long decodedLength) {
    }
}
