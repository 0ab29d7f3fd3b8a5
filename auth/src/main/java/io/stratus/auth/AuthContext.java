package io.stratus.auth;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of authenticating one request: who signed it and how its body must be read.
 * One per request; {@link #wrapBody} and {@link #trailers} are meant for the thread handling it.
 */
public final class AuthContext {
    private static final AuthContext ANONYMOUS =
            new AuthContext(null, false, PayloadMode.UNSIGNED_PAYLOAD, -1, null, null);

    private final Credential credential;
    private final boolean presigned;
    private final PayloadMode payloadMode;
    private final long decodedContentLength;
    private final String expectedPayloadSha256;
    private final StreamingSeed streamingSeed;
    private volatile Map<String, String> trailers = Map.of();

    private AuthContext(Credential credential, boolean presigned, PayloadMode payloadMode, long decodedContentLength,
            String expectedPayloadSha256, StreamingSeed streamingSeed) {
        this.credential = credential;
        this.presigned = presigned;
        this.payloadMode = requireNonNull(payloadMode, "payloadMode is null");
        this.decodedContentLength = decodedContentLength;
        this.expectedPayloadSha256 = expectedPayloadSha256 == null ? null : expectedPayloadSha256.toLowerCase(Locale.ROOT);
        this.streamingSeed = streamingSeed;
    }

    /** The context of a request that carried no signature; its body is read as it is. */
    public static AuthContext anonymousContext() {
        return ANONYMOUS;
    }

    static AuthContext signedByHeader(Credential credential, PayloadMode payloadMode, long decodedContentLength,
            String expectedPayloadSha256, StreamingSeed streamingSeed) {
        return new AuthContext(requireNonNull(credential, "credential is null"), false, payloadMode,
                decodedContentLength, expectedPayloadSha256, streamingSeed);
    }

    static AuthContext signedByQuery(Credential credential, PayloadMode payloadMode, String expectedPayloadSha256) {
        return new AuthContext(requireNonNull(credential, "credential is null"), true, payloadMode, -1,
                expectedPayloadSha256, null);
    }

    /** True when the request carried neither an Authorization header nor a presigned query. */
    public boolean anonymous() {
        return credential == null;
    }

    /** The credential that signed the request; null when anonymous. */
    public Credential credential() {
        return credential;
    }

    public boolean presigned() {
        return presigned;
    }

    public PayloadMode payloadMode() {
        return payloadMode;
    }

    /**
     * The payload length the client declared in x-amz-decoded-content-length for streaming modes;
     * -1 otherwise, and -1 when a streaming client did not declare it (the length is then only known
     * at end of stream).
     */
    public long decodedContentLength() {
        return decodedContentLength;
    }

    /**
     * Wraps the raw request body so that reading it verifies what the signature promised.
     * SIGNED_PAYLOAD: the SHA-256 is checked at end of stream (AuthException XAmzContentSHA256Mismatch
     * from read()). STREAMING_*: aws-chunked framing is decoded, chunk and trailer signatures and the
     * decoded length are checked, only payload bytes come out. UNSIGNED_PAYLOAD: {@code raw} itself.
     * Errors surface as AuthException thrown from read(), always before end of stream is reported,
     * so the consumer must read to end of stream before committing anything.
     */
    public InputStream wrapBody(InputStream raw) {
        requireNonNull(raw, "raw is null");
        return switch (payloadMode) {
            case UNSIGNED_PAYLOAD -> raw;
            case SIGNED_PAYLOAD -> new Sha256CheckingInputStream(raw, expectedPayloadSha256);
            case STREAMING_SIGNED, STREAMING_SIGNED_TRAILER -> new AwsChunkedInputStream(raw,
                    new ChunkSignatureChain(streamingSeed), payloadMode.hasTrailer(), decodedContentLength,
                    received -> trailers = received);
            case STREAMING_UNSIGNED_TRAILER -> new AwsChunkedInputStream(raw, null, true, decodedContentLength,
                    received -> trailers = received);
        };
    }

    /**
     * The trailing headers of an aws-chunked body by lower-case name (e.g. {@code x-amz-checksum-crc32}),
     * without the trailer signature; available once the wrapped body reached end of stream, empty before.
     */
    public Map<String, String> trailers() {
        return trailers;
    }

    @Override
    public String toString() {
        return "AuthContext[" + (anonymous() ? "anonymous" : credential.accessKeyId()) + ", presigned=" + presigned
                + ", payloadMode=" + payloadMode + "]";
    }
}
