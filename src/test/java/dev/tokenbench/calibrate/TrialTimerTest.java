package dev.tokenbench.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.measure.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialTimerTest {

    @Test
    void time_fakeClockAdvancedByTheWork_warmUpsRunButNotKept() {
        ManualClock clock = new ManualClock();
        long[] durations = {900, 800, 30, 10, 20};  // two warm-ups, then three trials
        int[] run = {0};
        List<Long> nanos = new TrialTimer(clock, 2, 3).time(() -> clock.advanceNanos(durations[run[0]++]));
        assertThat(run[0]).isEqualTo(5);
        assertThat(nanos).containsExactly(30L, 10L, 20L);
    }

    @Test
    void time_throughAFigure_bytesPerSecondIsBytesOverFakeTime() {
        ManualClock clock = new ManualClock();
        List<Long> nanos = new TrialTimer(clock, 0, 2).time(() -> clock.advanceNanos(40_000_000));
        StreamFigure figure = new StreamFigure(StreamMethod.PYTORCH_SUM, 1, 1L << 30, nanos);
        assertThat(figure.bytesPerSecond().best()).isEqualTo((1L << 30) / 0.04);
    }
}
