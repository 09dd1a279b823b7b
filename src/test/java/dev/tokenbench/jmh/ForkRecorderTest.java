package dev.tokenbench.jmh;

import dev.tokenbench.measure.Timelines;
import dev.tokenbench.measure.TokenSamples;
import static dev.tokenbench.measure.Timelines.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.measure.ManualClock;
import org.junit.jupiter.api.Test;

class ForkRecorderTest {

    private final ManualClock clock = new ManualClock();
    private final ForkRecorder recorder = new ForkRecorder(clock);

    @Test
    void record_notArmed_isDropped() {
        recorder.record(request(0, 10, 1, 2, 3));
        recorder.beginIteration();

        assertThat(recorder.endIteration()).isEmpty();
    }

    @Test
    void endIteration_afterRequests_givesTheirSamplesAndTheIterationTime() {
        recorder.beginIteration();
        recorder.record(request(0, 10, 1, 2, 3));
        recorder.record(request(0, 20, 1, 2, 3));
        clock.advanceNanos(500);

        TokenSamples samples = recorder.endIteration().orElseThrow();

        assertThat(samples.requests()).isEqualTo(2);
        assertThat(samples.timeToFirstTokenNanos()).containsExactly(10, 20);
        assertThat(samples.iterationWallNanos()).isEqualTo(500);
        assertThat(recorder.endIteration()).isEmpty();
    }

    @Test
    void beginIteration_discardsWhatWasKeptBefore() {
        recorder.beginIteration();
        recorder.record(request(0, 10, 1, 2, 3));
        recorder.beginIteration();
        recorder.record(request(0, 20, 1, 2, 3));

        assertThat(recorder.endIteration().orElseThrow().timeToFirstTokenNanos()).containsExactly(20);
    }

    @Test
    void tensorBytes_afterClose_isTheLastReadingOfTheEngine() {
        FakeEngine engine = FakeEngine.builder().build();
        recorder.engineOpened(engine);
        assertThat(recorder.tensorBytes()).isEmpty();

        recorder.engineClosing(engine);

        assertThat(recorder.tensorBytes()).isEmpty();
    }
}
