package io.stratus.auth;

import java.util.Optional;

/** How the request body is covered by the signature; chosen by {@code x-amz-content-sha256}. */
public enum PayloadMode {
    /** The body is not signed ({@code UNSIGNED-PAYLOAD}, presigned URLs, anonymous requests). */
    UNSIGNED_PAYLOAD("UNSIGNED-PAYLOAD"),
    /** The hex SHA-256 of the whole body is signed; the body is checked against it while it streams. */
    SIGNED_PAYLOAD(null),
    /** aws-chunked body, every chunk signed ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}). */
    STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
    /** aws-chunked body, chunks unsigned, trailing headers (the AWS SDKs' default for uploads). */
    STREAMING_UNSIGNED_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
    /** aws-chunked body, every chunk and the trailing headers signed. */
    STREAMING_SIGNED_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");

    private final String headerValue;

    PayloadMode(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The literal {@code x-amz-content-sha256} value of this mode; empty for SIGNED_PAYLOAD (a hex hash). */
    public Optional<String> headerValue() {
        return Optional.ofNullable(headerValue);
    }

    /** True when the body is aws-chunked framed. */
    public boolean isStreaming() {
        return this == STREAMING_SIGNED || this == STREAMING_UNSIGNED_TRAILER || this == STREAMING_SIGNED_TRAILER;
    }

    /** True when every chunk carries a signature chained from the request signature. */
    public boolean signsChunks() {
        return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER;
    }

    /** True when trailing headers follow the final chunk. */
    public boolean hasTrailer() {
        return this == STREAMING_UNSIGNED_TRAILER || this == STREAMING_SIGNED_TRAILER;
    }

    /** The streaming or unsigned mode named by a literal header value; empty for anything else. */
    static Optional<PayloadMode> fromLiteral(String value) {
        for (PayloadMode mode : values()) {
            if (mode.headerValue != null && mode.headerValue.equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
