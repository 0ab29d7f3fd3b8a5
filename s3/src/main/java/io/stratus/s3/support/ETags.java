package io.stratus.s3.support;

/** ETag quoting and comparison as HTTP and S3 use them. */
public final class ETags {
    private ETags() {
    }

    public static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    /** Strips surrounding quotes and a weak prefix. */
    public static String unquote(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    /** True when a comma-separated If-Match/If-None-Match list names the ETag or is "*". */
    public static boolean listMatches(String headerValue, String etag) {
        for (String candidate : headerValue.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || unquote(c).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
