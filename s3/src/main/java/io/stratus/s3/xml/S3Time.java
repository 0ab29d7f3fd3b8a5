package io.stratus.s3.xml;

import io.stratus.core.util.HttpDates;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The two timestamp formats S3 uses: ISO-8601 with milliseconds in XML, RFC 1123 in headers. */
public final class S3Time {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private S3Time() {
    }

    public static String iso8601(Instant t) {
        return ISO.format(t);
    }

    /** HTTP date; S3 headers carry whole seconds. */
    public static String httpDate(Instant t) {
        return HttpDates.format(t);
    }

    /** Parses an HTTP date (RFC 1123, as clients send in If-Modified-Since); null when unparseable. */
    public static Instant parseHttpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim()));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
