package dev.tokenbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.measure.ManualClock;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EngineTimerResultTest {

    @Test
    void merge_overIterations_isTheMeanOverAllReports() {
        EngineTimerResult first = new EngineTimerResult(EngineTimerResult.PREFILL, 3_000_000, 1);
        EngineTimerResult second = new EngineTimerResult(EngineTimerResult.PREFILL, 3_000_000, 3);
        EngineTimerResult merged = EngineTimerResult.merge(List.of(first, second));
        assertThat(merged.getScore()).isEqualTo(1.5);
        assertThat(merged.count()).isEqualTo(4);
        assertThat(merged.getLabel()).isEqualTo("engine.prefill_ms");
        assertThat(merged.getScoreUnit()).isEqualTo("ms");
    }

    @Test
    void forkRecorder_keepsEngineTimersOfTheIterationOnly() {
        ForkRecorder recorder = new ForkRecorder(new ManualClock());
        GenerationOutcome timed = new GenerationOutcome(new int[] {4}, OptionalLong.of(2_000_000), OptionalLong.of(500_000));
        recorder.recordEngineTimers(timed);
        recorder.beginIteration();
        recorder.recordEngineTimers(timed);
        recorder.recordEngineTimers(new GenerationOutcome(new int[] {4}, OptionalLong.of(4_000_000), OptionalLong.of(700_000)));
        recorder.recordEngineTimers(GenerationOutcome.of(new int[] {4}));
        List<EngineTimerResult> timers = recorder.engineTimers();
        assertThat(timers).extracting(EngineTimerResult::getLabel).containsExactly("engine.prefill_ms", "engine.itl_ms");
        assertThat(timers.get(0).getScore()).isEqualTo(3.0);
        assertThat(timers.get(1).getScore()).isEqualTo(0.6);
        recorder.beginIteration();
        assertThat(recorder.engineTimers()).isEmpty();
    }
}
