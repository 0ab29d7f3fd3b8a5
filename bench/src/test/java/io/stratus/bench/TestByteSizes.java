package io.stratus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestByteSizes {
    @Test
    void parsesBinaryUnits() {
        assertThat(ByteSizes.parse("4KiB")).isEqualTo(4096);
        assertThat(ByteSizes.parse("1MiB")).isEqualTo(1 << 20);
        assertThat(ByteSizes.parse("64m")).isEqualTo(64L << 20);
        assertThat(ByteSizes.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(ByteSizes.parse("1000")).isEqualTo(1000);
        assertThat(ByteSizes.parse("0.5KiB")).isEqualTo(512);
        assertThatThrownBy(() -> ByteSizes.parse("4XB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSizes.parse("KiB")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsExactMultiples() {
        assertThat(ByteSizes.format(4096)).isEqualTo("4KiB");
        assertThat(ByteSizes.format(64L << 20)).isEqualTo("64MiB");
        assertThat(ByteSizes.format(1000)).isEqualTo("1000B");
        assertThat(ByteSizes.format(0)).isEqualTo("0B");
        assertThat(ByteSizes.formatCount(100_000)).isEqualTo("100k");
        assertThat(ByteSizes.formatCount(1_000_000)).isEqualTo("1M");
        assertThat(ByteSizes.formatCount(1_500)).isEqualTo("1500");
    }

    @Test
    void parsesDurations() {
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
