package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void awaitNanoTime_futureDeadline_jumpsToIt() {
        ManualClock clock = new ManualClock(100);
        clock.awaitNanoTime(250);
        assertThat(clock.nanoTime()).isEqualTo(250);
    }

    @Test
    void awaitNanoTime_pastDeadline_doesNotMoveBack() {
        ManualClock clock = new ManualClock(300);
        clock.awaitNanoTime(250);
        assertThat(clock.nanoTime()).isEqualTo(300);
    }

    @Test
    void advanceNanos_negative_throws() {
        ManualClock clock = new ManualClock();
        assertThat(clock.advanceNanos(5)).isEqualTo(5);
        assertThatThrownBy(() -> clock.advanceNanos(-1)).hasMessage("nanos must be >= 0, was -1");
    }

    @Test
    void systemClock_awaitNanoTime_returnsOnlyOnceDeadlinePassed() throws InterruptedException {
        NanoClock clock = NanoClock.system();
        long deadline = clock.nanoTime() + 2_000_000;
        clock.awaitNanoTime(deadline);
        assertThat(clock.nanoTime()).isGreaterThanOrEqualTo(deadline);
    }
}
