package io.stratus.s3.support;

import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import java.util.Map;

/**
 * A resolved byte range of an object: {@code first} inclusive, {@code length} bytes.
 * Parses RFC 7233 single ranges as S3 does: "bytes=a-b", "bytes=a-", "bytes=-n". S3 ignores a
 * Range header it cannot parse (and multi-range requests) and returns the whole object.
 */
public record ByteRange(long first, long length) {
    public long last() {
        return first + length - 1;
    }

    /** The Content-Range header value. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last() + "/" + size;
    }

    /** Null when there is no usable range (serve the whole object with 200). */
    public static ByteRange parse(String header, long size) throws S3Exception {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long suffix = parseNonNegative(b);
                if (suffix == 0) {
                    throw unsatisfiable(header, size);
                }
                long n = Math.min(suffix, size);
                if (n == 0) {
                    throw unsatisfiable(header, size);
                }
                return new ByteRange(size - n, n);
            }
            long first = parseNonNegative(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : parseNonNegative(b);
            if (last < first) {
                return null;
            }
            if (first >= size) {
                throw unsatisfiable(header, size);
            }
            long end = Math.min(last, size - 1);
            return new ByteRange(first, end - first + 1);
        } catch (NumberFormatException e) {
            // digits that overflow a long, or junk: S3 ignores such a header
            return null;
        }
    }

    private static long parseNonNegative(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new NumberFormatException(s);
            }
        }
        return Long.parseLong(s);
    }

    private static S3Exception unsatisfiable(String header, long size) {
        return new S3Exception(S3ErrorCode.INVALID_RANGE, S3ErrorCode.INVALID_RANGE.defaultMessage(),
                Map.of("RangeRequested", header, "ActualObjectSize", Long.toString(size)));
    }
}
