package dev.tokenbench.jmh;

import dev.tokenbench.measure.TokenSamples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.engine.EngineException;
import dev.tokenbench.measure.ManualClock;
import dev.tokenbench.measure.TokenTimeline;
import org.junit.jupiter.api.Test;

class EngineStateTest {

    private final ManualClock clock = new ManualClock();
    private final ForkRecorder recorder = new ForkRecorder(clock);

    private EngineState state(WorkloadParams params) {
        return new EngineState(clock, recorder) {
            @Override
            protected WorkloadParams workload() {
                return params;
            }
        };
    }

    @Test
    void measureRequest_pacedFakeOnManualClock_recordsTheProgrammedSchedule() throws EngineException {
        EngineState state = state(new WorkloadParams("fake", "timing:5ms/10us/1ms", 2, 100, 3, 1, "f32"));
        state.open();
        recorder.beginIteration();

        TokenTimeline timeline = state.measureRequest();
        state.closeEngine();

        assertThat(state.request().batchSize()).isEqualTo(2);
        assertThat(timeline.tokenCount(1)).isEqualTo(3);
        TokenSamples samples = recorder.endIteration().orElseThrow();
        // TTFT = 5 ms + 100 x 10 us = 6 ms, then 1 ms per token
        assertThat(samples.timeToFirstTokenNanos()).containsExactly(6_000_000, 6_000_000);
        assertThat(samples.interTokenLatencyNanos()).containsOnly(1_000_000);
        assertThat(samples.promptTokens()).isEqualTo(200);
    }

    @Test
    void open_warmUpRequests_areNotRecorded() throws EngineException {
        EngineState state = state(new WorkloadParams("fake", "zero", 1, 4, 2, 1, "f32"));
        recorder.beginIteration();

        state.open();

        assertThat(recorder.endIteration()).isEmpty();
    }

    @Test
    void open_invalidModel_failsWithTheValidValues() {
        EngineState state = state(new WorkloadParams("fake", "huge", 1, 4, 2, 1, "f32"));

        assertThatThrownBy(state::open).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("valid: zero, paced");
    }

    @Test
    void closeEngine_twice_isHarmless() throws EngineException {
        EngineState state = state(new WorkloadParams("fake", "zero", 1, 4, 2, 1, "f32"));
        state.open();

        state.closeEngine();
        state.closeEngine();

        assertThat(recorder.tensorBytes()).isEmpty();
    }
}
