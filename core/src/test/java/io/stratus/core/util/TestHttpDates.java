package io.stratus.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestHttpDates {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @Test
    void formatsRfc9110Example() {
        assertThat(HttpDates.format(Instant.parse("1994-11-06T08:49:37Z"))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void truncatesToTheSecond() {
        assertThat(HttpDates.format(Instant.parse("2026-02-28T23:59:59.999Z"))).isEqualTo("Sat, 28 Feb 2026 23:59:59 GMT");
    }

    @Test
    void handlesEpochLeapDaysAndCenturies() {
        assertThat(HttpDates.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(HttpDates.format(Instant.parse("2024-02-29T12:00:00Z"))).isEqualTo("Thu, 29 Feb 2024 12:00:00 GMT");
        assertThat(HttpDates.format(Instant.parse("1900-03-01T00:00:00Z"))).isEqualTo("Thu, 01 Mar 1900 00:00:00 GMT");
        assertThat(HttpDates.format(Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
    }

    @Test
    void agreesWithTheJdkFormatterAcrossYearsOneThousandToNineThousandNineHundredNinetyNine() {
        SplittableRandom random = new SplittableRandom(42);
        long first = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond();
        long end = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(first, end);
            assertThat(HttpDates.format(second)).isEqualTo(REFERENCE.format(Instant.ofEpochSecond(second)));
        }
        assertThat(HttpDates.format(first)).isEqualTo(REFERENCE.format(Instant.ofEpochSecond(first)));
        assertThat(HttpDates.format(end - 1)).isEqualTo(REFERENCE.format(Instant.ofEpochSecond(end - 1)));
    }

    @Test
    void yearsTheFixedLayoutCannotHoldUseTheFormatter() {
        long before = Instant.parse("0999-12-31T23:59:59Z").getEpochSecond();
        assertThat(HttpDates.format(before)).isEqualTo(REFERENCE.format(Instant.ofEpochSecond(before)));
        long after = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
        assertThat(HttpDates.format(after)).isEqualTo(REFERENCE.format(Instant.ofEpochSecond(after)));
    }
}
