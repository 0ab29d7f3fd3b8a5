package io.stratus.s3.support;

import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.xml.S3Time;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * Evaluates conditional request headers against an object, in the order RFC 7232 and S3 use:
 * If-Match, then If-Unmodified-Since (ignored when If-Match is present and passes), then
 * If-None-Match, then If-Modified-Since (ignored when If-None-Match is present).
 * The same logic serves GET/HEAD (If-*) and copy sources (x-amz-copy-source-if-*), where a
 * failed "not modified" check is also 412.
 */
public final class Preconditions {
    private Preconditions() {
    }

    /** GET and HEAD: 412 for a failed match, 304 for "not modified". */
    public static void checkRead(Function<String, String> headers, String etag, Instant lastModified) throws S3Exception {
        check(headers, "if-match", "if-unmodified-since", "if-none-match", "if-modified-since", etag, lastModified, false);
    }

    /** CopyObject / UploadPartCopy source conditions: every failure is 412. */
    public static void checkCopySource(Function<String, String> headers, String etag, Instant lastModified) throws S3Exception {
        check(headers, "x-amz-copy-source-if-match", "x-amz-copy-source-if-unmodified-since",
                "x-amz-copy-source-if-none-match", "x-amz-copy-source-if-modified-since", etag, lastModified, true);
    }

    private static void check(Function<String, String> headers, String ifMatchName, String ifUnmodifiedName,
                              String ifNoneMatchName, String ifModifiedName, String etag, Instant lastModified,
                              boolean notModifiedIsFailure) throws S3Exception {
        Instant modified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        String ifMatch = headers.apply(ifMatchName);
        if (ifMatch != null) {
            if (!ETags.listMatches(ifMatch, etag)) {
                throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED, S3ErrorCode.PRECONDITION_FAILED.defaultMessage(),
                        java.util.Map.of("Condition", "If-Match"));
            }
        } else {
            Instant since = S3Time.parseHttpDate(headers.apply(ifUnmodifiedName));
            if (since != null && modified.isAfter(since)) {
                throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED, S3ErrorCode.PRECONDITION_FAILED.defaultMessage(),
                        java.util.Map.of("Condition", "If-Unmodified-Since"));
            }
        }
        String ifNoneMatch = headers.apply(ifNoneMatchName);
        if (ifNoneMatch != null) {
            if (ETags.listMatches(ifNoneMatch, etag)) {
                throw notModified(notModifiedIsFailure, "If-None-Match");
            }
        } else {
            Instant since = S3Time.parseHttpDate(headers.apply(ifModifiedName));
            if (since != null && !modified.isAfter(since)) {
                throw notModified(notModifiedIsFailure, "If-Modified-Since");
            }
        }
    }

    private static S3Exception notModified(boolean asFailure, String condition) {
        if (asFailure) {
            return new S3Exception(S3ErrorCode.PRECONDITION_FAILED, S3ErrorCode.PRECONDITION_FAILED.defaultMessage(),
                    java.util.Map.of("Condition", condition));
        }
        return new S3Exception(S3ErrorCode.NOT_MODIFIED);
    }
}
