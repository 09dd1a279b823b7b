package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final CostModel MODEL = CostModel.of(JmhSettings.DEFAULT);

    private static Configuration generation(String framework, String model, int batch, int prompt, int newTokens) {
        return new Configuration(SweepBenchmark.GENERATION, framework, model, "f32", batch, prompt, newTokens, 1);
    }

    @Test
    void estimate_growsWithEveryDimensionOfTheWorkload() {
        double base = MODEL.estimateSeconds(generation("djl-pytorch", "tiny", 1, 128, 64));
        assertThat(MODEL.estimateSeconds(generation("djl-pytorch", "small", 1, 128, 64))).isGreaterThan(base);
        assertThat(MODEL.estimateSeconds(generation("djl-pytorch", "tiny", 8, 128, 64))).isGreaterThan(base);
        assertThat(MODEL.estimateSeconds(generation("djl-pytorch", "tiny", 1, 512, 64))).isGreaterThan(base);
        assertThat(MODEL.estimateSeconds(generation("djl-pytorch", "tiny", 1, 128, 128))).isGreaterThan(base);
        assertThat(MODEL.estimateSeconds(generation("djl-pytorch", "base", 16, 512, 64)))
                .isGreaterThan(10 * MODEL.estimateSeconds(generation("djl-pytorch", "tiny", 1, 32, 64)));
    }

    @Test
    void estimate_forksMultiply_andFakeSchedulesCountTheirDelays() {
        Configuration tiny = generation("llama.cpp", "tiny", 1, 128, 64);
        CostModel twoForks = CostModel.of(new JmhSettings(2, 2, 10, OptionalLong.empty()));
        assertThat(twoForks.estimateSeconds(tiny)).isCloseTo(2 * MODEL.estimateSeconds(tiny), within(1e-9));
        // paced: 20 ms + 50 us x 128 + 2 ms x 63 = 152.4 ms per request; 12 iterations and a setup warm-up of at least 1 s.
        double paced = MODEL.estimateSeconds(generation("fake", "paced", 1, 128, 64));
        double zero = MODEL.estimateSeconds(generation("fake", "zero", 1, 128, 64));
        assertThat(paced - zero).isCloseTo(12 * 0.1524, within(1e-9));
    }

    @Test
    void withTimings_measuredTakeTheirOwn_othersScaledByTheMeasuredRatio() {
        Configuration a = generation("djl-pytorch", "tiny", 1, 128, 64);
        Configuration b = generation("djl-pytorch", "tiny", 8, 128, 64);
        double modelA = MODEL.estimateSeconds(a);
        CostModel timed = CostModel.withTimings(JmhSettings.DEFAULT, List.of(a, b), Map.of(a.id(), 2 * modelA));
        assertThat(timed.fromTimings()).isTrue();
        assertThat(timed.estimateSeconds(a)).isEqualTo(2 * modelA);
        assertThat(timed.estimateSeconds(b)).isCloseTo(2 * MODEL.estimateSeconds(b), within(1e-9));
    }
}
