package io.stratus.auth;

import io.stratus.core.util.Hex;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * The signature chain of an aws-chunked body: each chunk's signature covers the previous one,
 * starting from the request (seed) signature, so chunks cannot be dropped, reordered or spliced.
 * Used by the decoder to compute expected signatures and by the encoder to produce them.
 */
final class ChunkSignatureChain {
    private static final String PAYLOAD_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
    private static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";

    /** One keyed HMAC for the whole body: re-keying per 64 KiB chunk would cost more than hashing it. */
    private final Mac mac;
    private final String payloadPrefix;
    private final String trailerPrefix;
    private String previous;

    ChunkSignatureChain(StreamingSeed seed) {
        this.mac = SigV4Crypto.newHmac(seed.signingKey());
        String dateAndScope = '\n' + seed.amzDate() + '\n' + seed.scope() + '\n';
        this.payloadPrefix = PAYLOAD_ALGORITHM + dateAndScope;
        this.trailerPrefix = TRAILER_ALGORITHM + dateAndScope;
        this.previous = seed.seedSignature();
    }

    /** The signature of the next chunk, given the SHA-256 of its data; advances the chain. */
    String nextChunk(byte[] chunkSha256) {
        return advance(payloadPrefix + previous + '\n' + SigV4Crypto.EMPTY_SHA256 + '\n' + Hex.encode(chunkSha256));
    }

    /**
     * The trailer signature over the canonical trailer text ({@code name:value\n} per trailing header,
     * sorted by name); chained from the final (empty) chunk's signature.
     */
    String trailer(String canonicalTrailers) {
        return advance(trailerPrefix + previous + '\n' + SigV4Crypto.sha256Hex(canonicalTrailers));
    }

    private String advance(String stringToSign) {
        previous = Hex.encode(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        return previous;
    }
}
