package io.stratus.auth;

import static java.util.Objects.requireNonNull;

import io.stratus.core.util.Hex;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Client-side SigV4 signing, for tests and tools that talk to Stratus without an AWS SDK:
 * Authorization-header signing, presigned URLs, and aws-chunked streaming uploads.
 * Every header of the request is signed except those proxies are known to rewrite.
 */
public final class SigV4Signer {
    private static final Set<String> NOT_SIGNED = Set.of("authorization", "user-agent", "expect", "connection",
            "transfer-encoding");

    private final Credential credential;
    private final String region;
    private final String service;
    private final Clock clock;

    /** {@code credential.principalArn()} is not used; its session token, if any, is sent and signed. */
    public SigV4Signer(Credential credential, String region, String service, Clock clock) {
        this.credential = requireNonNull(credential, "credential is null");
        this.region = requireNonNull(region, "region is null");
        this.service = requireNonNull(service, "service is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Returns the request with x-amz-date, x-amz-content-sha256, x-amz-security-token (temporary
     * credentials) and Authorization set. The request must carry a Host header.
     *
     * @param payloadHash hex SHA-256 of the body, or a literal such as {@code UNSIGNED-PAYLOAD}
     */
    public SignedRequest sign(SignedRequest request, String payloadHash) {
        return signHeaders(request, payloadHash).request();
    }

    /**
     * Returns the request with the X-Amz-* query parameters of a presigned URL appended to its raw
     * query (the payload is UNSIGNED-PAYLOAD unless the request carries an x-amz-content-sha256 header,
     * which is then signed and pins the hash); its headers are unchanged and must be sent as signed.
     */
    public SignedRequest presign(SignedRequest request, Duration expires) {
        long seconds = expires.getSeconds();
        if (seconds < 1 || seconds > PresignedQuery.MAX_EXPIRES_SECONDS) {
            throw new IllegalArgumentException("expires must be between 1 second and 7 days: " + expires);
        }
        String amzDate = AmzDates.formatIsoBasic(clock.instant());
        String scope = scope(amzDate);
        RequestHeaders headers = new RequestHeaders(request.headers());
        List<String> signedHeaders = signedHeaderNames(headers);
        StringBuilder query = new StringBuilder(request.rawQuery());
        appendParam(query, PresignedQuery.ALGORITHM, SigV4Crypto.ALGORITHM);
        appendParam(query, PresignedQuery.CREDENTIAL, credential.accessKeyId() + '/' + scope);
        appendParam(query, PresignedQuery.DATE, amzDate);
        appendParam(query, PresignedQuery.EXPIRES, Long.toString(seconds));
        appendParam(query, PresignedQuery.SIGNED_HEADERS, String.join(";", signedHeaders));
        if (credential.sessionToken() != null) {
            appendParam(query, PresignedQuery.SECURITY_TOKEN, credential.sessionToken());
        }
        // As the verifier reads it: a signed x-amz-content-sha256 header pins the payload hash.
        String contentSha256 = headers.first("x-amz-content-sha256");
        String canonical = CanonicalRequest.build(request.method(), canonicalUri(request.rawPath()),
                AwsEncoding.canonicalQuery(AwsEncoding.parseQuery(query.toString()), null), headers, signedHeaders,
                contentSha256 != null ? contentSha256 : PayloadMode.UNSIGNED_PAYLOAD.headerValue().orElseThrow());
        String signature = signature(signingKey(amzDate), amzDate, scope, canonical);
        appendParam(query, PresignedQuery.SIGNATURE, signature);
        return new SignedRequest(request.method(), request.rawPath(), query.toString(), request.headers());
    }

    /**
     * Signs a streaming upload: adds {@code Content-Encoding: aws-chunked}, x-amz-decoded-content-length
     * and (trailer modes) x-amz-trailer unless present, signs the headers, and returns an encoder whose
     * chunk signatures chain from the request signature.
     *
     * @param trailerNames the trailing headers the body will end with, e.g. x-amz-checksum-crc32
     */
    public StreamingUpload signStreaming(SignedRequest request, PayloadMode mode, long decodedLength,
            List<String> trailerNames) {
        if (!mode.isStreaming()) {
            throw new IllegalArgumentException("not a streaming mode: " + mode);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
        addIfAbsent(headers, "content-encoding", "aws-chunked");
        addIfAbsent(headers, "x-amz-decoded-content-length", Long.toString(decodedLength));
        if (mode.hasTrailer() && !trailerNames.isEmpty()) {
            addIfAbsent(headers, "x-amz-trailer", String.join(",", trailerNames));
        }
        Signed signed = signHeaders(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers),
                mode.headerValue().orElseThrow());
        ChunkSignatureChain chain = mode.signsChunks() ? new ChunkSignatureChain(signed.seed()) : null;
        return new StreamingUpload(signed.request(), signed.seed().seedSignature(),
                new AwsChunkedEncoder(chain, mode.hasTrailer()));
    }

    private Signed signHeaders(SignedRequest request, String payloadHash) {
        String amzDate = AmzDates.formatIsoBasic(clock.instant());
        String scope = scope(amzDate);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("authorization") && !name.equals("x-amz-date") && !name.equals("x-amz-content-sha256")
                    && !name.equals("x-amz-security-token")) {
                headers.add(header);
            }
        }
        headers.add(Map.entry("x-amz-date", amzDate));
        headers.add(Map.entry("x-amz-content-sha256", payloadHash));
        if (credential.sessionToken() != null) {
            headers.add(Map.entry("x-amz-security-token", credential.sessionToken()));
        }
        RequestHeaders byName = new RequestHeaders(headers);
        List<String> signedHeaders = signedHeaderNames(byName);
        String canonical = CanonicalRequest.build(request.method(), canonicalUri(request.rawPath()),
                AwsEncoding.canonicalQuery(AwsEncoding.parseQuery(request.rawQuery()), null), byName, signedHeaders,
                payloadHash);
        byte[] key = signingKey(amzDate);
        String signature = signature(key, amzDate, scope, canonical);
        headers.add(Map.entry("Authorization", SigV4Crypto.ALGORITHM + " Credential=" + credential.accessKeyId() + '/'
                + scope + ", SignedHeaders=" + String.join(";", signedHeaders) + ", Signature=" + signature));
        return new Signed(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers),
                new StreamingSeed(key, amzDate, scope, signature));
    }

    private static List<String> signedHeaderNames(RequestHeaders headers) {
        if (!headers.contains("host")) {
            throw new IllegalArgumentException("SigV4 signs the Host header; the request has none");
        }
        TreeSet<String> names = new TreeSet<>(headers.names());
        names.removeAll(NOT_SIGNED);
        return List.copyOf(names);
    }

    private String canonicalUri(String rawPath) {
        return AwsEncoding.canonicalUri(rawPath, "s3".equals(service));
    }

    private String scope(String amzDate) {
        return amzDate.substring(0, 8) + '/' + region + '/' + service + "/aws4_request";
    }

    private byte[] signingKey(String amzDate) {
        return SigningKeyCache.derive(credential.secretKey(), amzDate.substring(0, 8), region, service);
    }

    private static String signature(byte[] key, String amzDate, String scope, String canonicalRequest) {
        return Hex.encode(SigV4Crypto.hmac(key, CanonicalRequest.stringToSign(amzDate, scope, canonicalRequest)));
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(AwsEncoding.encode(name)).append('=').append(AwsEncoding.encode(value));
    }

    private static void addIfAbsent(List<Map.Entry<String, String>> headers, String name, String value) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return;
            }
        }
        headers.add(Map.entry(name, value));
    }

    private record Signed(SignedRequest request, StreamingSeed seed) {
    }
}
