package io.stratus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestAmzDates {
    @Test
    void parsesTheBasicFormAsUtc() {
        assertThat(AmzDates.parseIsoBasic("20130524T000000Z")).contains(Instant.parse("2013-05-24T00:00:00Z"));
        assertThat(AmzDates.parseIsoBasic(" 20240229T235959Z ")).contains(Instant.parse("2024-02-29T23:59:59Z"));
    }

    @Test
    void roundTripsWithTheFormatter() {
        Instant now = Instant.parse("2026-11-27T21:44:04Z");
        assertThat(AmzDates.parseIsoBasic(AmzDates.formatIsoBasic(now))).contains(now);
    }

    @Test
    void rejectsAnythingElse() {
        for (String bad : new String[] {"", "2013-05-24T00:00:00Z", "20130524T000000", "20130524 000000Z",
                "20130230T000000Z", "20230229T000000Z", "20131324T000000Z", "20130524T240000Z", "20130524T006000Z",
                "2013052AT000000Z", "+0130524T000000Z", "20130524T00000٣Z", "20130524t000000z"}) {
            assertThat(AmzDates.parseIsoBasic(bad)).as(bad).isEqualTo(Optional.empty());
        }
        assertThat(AmzDates.parseIsoBasic(null)).isEmpty();
    }
}
