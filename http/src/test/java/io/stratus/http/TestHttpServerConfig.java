package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestHttpServerConfig {
    @Test
    void defaultsArePinned() {
        HttpServerConfig config = HttpServerConfig.defaults("0.0.0.0", 4566);
        assertThat(config).isEqualTo(new HttpServerConfig("0.0.0.0", 4566, 64, 1024, 16 * 1024, 64 * 1024,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30),
                new BodyRateFloor(1024, Duration.ofSeconds(5), Duration.ofSeconds(20))));
    }

    @Test
    void withersChangeOnlyTheirFields() {
        HttpServerConfig config = HttpServerConfig.defaults("h", 1)
                .withWorkers(2, 0)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))
                .withBodyRateFloor(BodyRateFloor.OFF);
        assertThat(config).isEqualTo(new HttpServerConfig("h", 1, 2, 0, 16 * 1024, 64 * 1024,
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), BodyRateFloor.OFF));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> HttpServerConfig.defaults("h", 70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpServerConfig.defaults("h", 0).withWorkers(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpServerConfig.defaults("h", 0).withWorkers(1, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpServerConfig.defaults("h", 0)
                .withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpServerConfig.defaults(null, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> HttpServerConfig.defaults("h", 0).withBodyRateFloor(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new BodyRateFloor(-1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BodyRateFloor(1, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BodyRateFloor(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BodyRateFloor(Long.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
