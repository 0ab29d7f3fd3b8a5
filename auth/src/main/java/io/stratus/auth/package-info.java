/**
 * AWS Signature Version 4 authentication, as S3 applies it.
 *
 * <p>{@link io.stratus.auth.SigV4Authenticator} checks a request (Authorization header or presigned
 * query) and returns an {@link io.stratus.auth.AuthContext}, whose {@code wrapBody} verifies the body
 * while it streams: the signed SHA-256, or aws-chunked framing with chunk and trailer signatures.
 * {@link io.stratus.auth.SigV4Signer} is the client side, for tests and tools.
 *
 * <p>Choices where AWS leaves room:
 * <ul>
 *   <li>A raw {@code '+'} in the query is a space (form decoding, as MinIO and S3's parser do);
 *       AWS SDKs and the CLI send {@code %2B}/{@code %20}, which verify either way.</li>
 *   <li>The S3 canonical URI is the path as the client encoded it; characters a client left raw
 *       are encoded. Other services encode the wire path once more (no dot-segment normalization).</li>
 *   <li>Host and every {@code x-amz-*} header present must be signed (AccessDenied otherwise).</li>
 *   <li>The session token the request presents is handed to the {@link io.stratus.auth.CredentialLookup},
 *       which verifies temporary credentials from it (no store lookup). A long-term key presented with a
 *       session token is InvalidToken, like a wrong token.</li>
 *   <li>Streaming requests without x-amz-decoded-content-length are accepted; the length is then -1.</li>
 *   <li>Presigned requests may pin the payload with X-Amz-Content-Sha256 (query) or a signed
 *       x-amz-content-sha256 header; a hex hash makes the body checked (SIGNED_PAYLOAD).</li>
 *   <li>aws-chunked: premature end of body and a decoded-length mismatch are IncompleteBody (400);
 *       malformed framing is InvalidRequest (400); a missing or wrong chunk or trailer signature is
 *       SignatureDoesNotMatch (403). Trailer signatures cover {@code name:value\n} lines sorted by name.
 *       A missing blank line after the trailers (end of body instead) is tolerated.</li>
 * </ul>
 */
package io.stratus.auth;
