package io.stratus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TestLatencyHistogram {
    @Test
    void percentilesWithinOnePercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long micros = 1; micros <= 10_000; micros++) {
            histogram.record(micros * 1000);
        }
        assertThat(histogram.count()).isEqualTo(10_000);
        assertThat((double) histogram.percentileNanos(0.50)).isCloseTo(5_000_000, within(50_000.0));
        assertThat((double) histogram.percentileNanos(0.99)).isCloseTo(9_900_000, within(99_000.0));
        assertThat(histogram.maxNanos()).isEqualTo(10_000_000);
        assertThat(histogram.percentileNanos(1.0)).isEqualTo(10_000_000);
    }

    @Test
    void smallAndHugeValuesAndMerging() {
        LatencyHistogram a = new LatencyHistogram();
        a.record(0);
        a.record(127);
        LatencyHistogram b = new LatencyHistogram();
        b.record(Long.MAX_VALUE / 2);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentileNanos(0.34)).isEqualTo(127);
        assertThat(a.percentileNanos(1.0)).isEqualTo(Long.MAX_VALUE / 2);
        assertThat(new LatencyHistogram().percentileNanos(0.5)).isZero();
    }

    @Test
    void bucketsAreMonotonic() {
        int previous = -1;
        for (long value = 0; value < 1_000_000; value += 37) {
            int index = LatencyHistogram.index(value);
            assertThat(index).isGreaterThanOrEqualTo(previous);
            previous = index;
        }
    }
}
