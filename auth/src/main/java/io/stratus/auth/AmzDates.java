package io.stratus.auth;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/** The two date forms SigV4 requests carry: ISO 8601 basic (x-amz-date) and RFC 1123 (Date). */
final class AmzDates {
    private static final DateTimeFormatter ISO_BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    private AmzDates() {
    }

    /**
     * Parses {@code yyyyMMdd'T'HHmmss'Z'} by hand: every signed request carries one, and the
     * formatter-based parse was a visible share of a small request's CPU. Strict: exactly 16
     * characters, ASCII digits, real calendar dates only.
     */
    static Optional<Instant> parseIsoBasic(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.length() != 16 || v.charAt(8) != 'T' || v.charAt(15) != 'Z') {
            return Optional.empty();
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 4, 6);
        int day = digits(v, 6, 8);
        int hour = digits(v, 9, 11);
        int minute = digits(v, 11, 13);
        int second = digits(v, 13, 15);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The decimal value of {@code s[from, to)}, or -1 if any character is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static Optional<Instant> parseHttpDate(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim())));
        } catch (DateTimeParseException e) {
            // Some clients put the ISO basic form in Date as well.
            return parseIsoBasic(value);
        }
    }

    static String formatIsoBasic(Instant instant) {
        return ISO_BASIC.format(instant);
    }
}
