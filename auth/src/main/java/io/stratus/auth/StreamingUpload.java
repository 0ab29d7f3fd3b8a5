package io.stratus.auth;

/**
 * A signed aws-chunked upload: the request to send, its signature (the seed of the chunk chain),
 * and the encoder that frames (and, for signed modes, signs) the body. One per upload.
 */
public record StreamingUpload(SignedRequest request, String seedSignature, AwsChunkedEncoder encoder) {
}
