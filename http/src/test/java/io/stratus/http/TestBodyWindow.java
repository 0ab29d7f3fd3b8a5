package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestBodyWindow {
    @Test
    void fewBodiesGetTheLargestWindowManyShareTheBudget() {
        BodyWindow window = new BodyWindow();
        assertThat(window.highWater()).isEqualTo(BodyWindow.MAX);
        open(window, 4);
        assertThat(window.highWater()).isEqualTo(BodyWindow.MAX);
        open(window, 28); // 32 bodies: 16 MiB / 32 = 512 KiB each
        assertThat(window.highWater()).isEqualTo(512 * 1024);
        assertThat(window.lowWater()).isEqualTo(128 * 1024);
        open(window, 68); // 100 bodies: the floor, above the budget
        assertThat(window.highWater()).isEqualTo(BodyWindow.MIN);
        for (int i = 0; i < 96; i++) {
            window.closed();
        }
        assertThat(window.highWater()).isEqualTo(BodyWindow.MAX);
    }

    private static void open(BodyWindow window, int bodies) {
        for (int i = 0; i < bodies; i++) {
            window.opened();
        }
    }
}
