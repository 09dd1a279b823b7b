package dev.tokenbench.jmh;

import java.util.Arrays;
import dev.tokenbench.measure.Timelines;
import dev.tokenbench.measure.Figure;
import static dev.tokenbench.measure.Timelines.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.measure.ManualClock;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

class TokenTimingProfilerTest {

    private static final IterationParams MEASURED = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.seconds(1), 1);
    private static final IterationParams WARMUP = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);

    private final ForkRecorder recorder = new ForkRecorder(new ManualClock());
    private final TokenTimingProfiler profiler = new TokenTimingProfiler(recorder);

    @Test
    void afterIteration_measured_returnsEveryFigureOfTheIterationsRequests() {
        profiler.beforeIteration(null, MEASURED);
        recorder.record(request(0, 2_000_000, 1_000_000, 4, 16));

        var results = profiler.afterIteration(null, MEASURED, null).stream().map(TokenFigureResult.class::cast).toList();

        assertThat(results).extracting(TokenFigureResult::figure).containsExactly(Arrays.stream(Figure.values()).filter(Figure::fromTokenSamples).toArray(Figure[]::new));
        assertThat(results).filteredOn(r -> r.figure() == Figure.TTFT_P50).first()
                .extracting(TokenFigureResult::getScore).isEqualTo(2.0);
    }

    @Test
    void afterIteration_engineWithTimers_addsEngineTimersBesideTheTokenFigures() {
        profiler.beforeIteration(null, MEASURED);
        recorder.record(request(0, 2_000_000, 1_000_000, 4, 16));
        recorder.recordEngineTimers(new dev.tokenbench.engine.GenerationOutcome(new int[] {16}, java.util.OptionalLong.of(1_500_000),
                java.util.OptionalLong.of(900_000)));

        var results = profiler.afterIteration(null, MEASURED, null);

        assertThat(results).hasSize((int) Arrays.stream(Figure.values()).filter(Figure::fromTokenSamples).count() + 2);
        assertThat(results).filteredOn(r -> r.getLabel().equals("engine.prefill_ms")).first()
                .extracting(r -> r.getScore()).isEqualTo(1.5);
        assertThat(results).filteredOn(r -> r.getLabel().equals("engine.itl_ms")).first()
                .extracting(r -> r.getScore()).isEqualTo(0.9);
    }

    @Test
    void afterIteration_chunkedRequests_areCountedAsRequestsChunked_andAbsentOtherwise() {
        profiler.beforeIteration(null, MEASURED);
        for (boolean chunked : new boolean[] {true, false, true}) {
            recorder.record(request(0, 2_000_000, 1_000_000, 4, 16));
            recorder.recordEngineTimers(new dev.tokenbench.engine.GenerationOutcome(new int[] {16}, java.util.OptionalLong.empty(),
                    java.util.OptionalLong.empty(), chunked));
        }

        var results = profiler.afterIteration(null, MEASURED, null);

        assertThat(results).filteredOn(r -> r.getLabel().equals("requests.chunked")).singleElement()
                .satisfies(r -> {
                    assertThat(r.getScore()).isEqualTo(2.0);
                    assertThat(r.getScoreUnit()).isEqualTo("requests");
                });
        profiler.beforeIteration(null, MEASURED);
        recorder.record(request(0, 2_000_000, 1_000_000, 4, 16));
        recorder.recordEngineTimers(dev.tokenbench.engine.GenerationOutcome.of(new int[] {16}));
        assertThat(profiler.afterIteration(null, MEASURED, null)).noneMatch(r -> r.getLabel().equals("requests.chunked"));
    }

    @Test
    void afterIteration_warmup_givesNothingAndKeepsNothing() {
        profiler.beforeIteration(null, WARMUP);
        recorder.record(request(0, 2_000_000, 1_000_000, 4, 16));

        assertThat(profiler.afterIteration(null, WARMUP, null)).isEmpty();
        profiler.beforeIteration(null, MEASURED);
        assertThat(profiler.afterIteration(null, MEASURED, null)).isEmpty();
    }

    @Test
    void constructor_withOptions_isRefused() {
        assertThatThrownBy(() -> new TokenTimingProfiler("verbose")).isInstanceOf(ProfilerException.class)
                .hasMessageContaining("takes no options");
    }

    @Test
    void description_saysWhatItMeasures() {
        assertThat(profiler.getDescription()).contains("TTFT", "ITL");
    }
}
