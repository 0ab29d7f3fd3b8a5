package io.stratus.s3.handler;

import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies through the authenticator's verifying stream (payload hash, aws-chunked
 * signatures), and works out how long a body is for each payload mode.
 */
public final class RequestBodies {
    /** Bucket configuration and tagging documents. */
    public static final int MAX_CONFIG_XML = 64 * 1024;
    /** DeleteObjects: 1,000 keys of up to 1,024 bytes each, plus markup. */
    public static final int MAX_DELETE_XML = 2 * 1024 * 1024;
    /** CompleteMultipartUpload: 10,000 parts with ETags and checksums. */
    public static final int MAX_COMPLETE_XML = 4 * 1024 * 1024;
    public static final long MAX_OBJECT_PUT = 5L * 1024 * 1024 * 1024;

    /** The verified payload stream of the request. */
    public InputStream stream(S3Request req) {
        return req.auth().wrapBody(req.exchange().body());
    }

    /**
     * The payload length: x-amz-decoded-content-length for aws-chunked bodies, else Content-Length.
     * S3 needs a length for every upload (MissingContentLength otherwise).
     */
    public long payloadLength(S3Request req) throws S3Exception {
        long length = req.auth().payloadMode().isStreaming() ? req.auth().decodedContentLength() : req.exchange().contentLength();
        if (length < 0) {
            throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH);
        }
        return length;
    }

    /** Reads a small document body whole; longer than {@code max} is MalformedXML (AWS's answer too). */
    public byte[] readSmall(S3Request req, int max) throws IOException, S3Exception {
        long declared = req.exchange().contentLength();
        if (declared > max + 64L * 1024) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML you provided was larger than the maximum allowed.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = stream(req)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > max) {
                    throw new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML you provided was larger than the maximum allowed.");
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }
}
