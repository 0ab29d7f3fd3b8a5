package io.stratus.core.util;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates in the IMF-fixdate form of RFC 9110 ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the form
 * S3 sends in Date and Last-Modified.
 *
 * <p>Every response carries at least one, so they are built by hand from the epoch second:
 * {@link DateTimeFormatter} spent about 1% of a small GET's event-loop time on them. Years
 * outside 1000-9999, which the fixed layout cannot hold, go through the formatter.
 */
public final class HttpDates {
    private static final DateTimeFormatter FORMATTER =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** 1970-01-01 was a Thursday. */
    private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final long FIRST_SECOND = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond();
    private static final long END_SECOND = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
    private static final int SECONDS_PER_DAY = 86_400;

    private HttpDates() {
    }

    /** The instant, truncated to the second. */
    public static String format(Instant instant) {
        requireNonNull(instant, "instant is null");
        return format(instant.getEpochSecond());
    }

    public static String format(long epochSecond) {
        if (epochSecond < FIRST_SECOND || epochSecond >= END_SECOND) {
            return FORMATTER.format(Instant.ofEpochSecond(epochSecond));
        }
        long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        char[] out = new char[29];
        copy(DAYS[(int) Math.floorMod(day, 7)], out, 0);
        out[3] = ',';
        out[4] = ' ';
        twoDigits(date.getDayOfMonth(), out, 5);
        out[7] = ' ';
        copy(MONTHS[date.getMonthValue() - 1], out, 8);
        out[11] = ' ';
        int year = date.getYear();
        twoDigits(year / 100, out, 12);
        twoDigits(year % 100, out, 14);
        out[16] = ' ';
        twoDigits(secondOfDay / 3600, out, 17);
        out[19] = ':';
        twoDigits(secondOfDay / 60 % 60, out, 20);
        out[22] = ':';
        twoDigits(secondOfDay % 60, out, 23);
        copy(" GMT", out, 25);
        return new String(out);
    }

    private static void copy(String text, char[] out, int at) {
        text.getChars(0, text.length(), out, at);
    }

    private static void twoDigits(int value, char[] out, int at) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }
}
