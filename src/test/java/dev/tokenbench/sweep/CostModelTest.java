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

    @Test
    void requestSeconds_llamaCpp_attendsItsSharedCacheWhole() {
        // tiny: dim 128, 4 layers, KV dim 64, ffn 384, vocab 2048: matrix parameters 4 x 196608 + 2048 x 128 = 1048576 (M).
        // batch 2, prompt 4, 2 new tokens; 4 x layers x dim = 2048 FLOP per query and cell.
        // Prefill: 2 M x 8 tokens at 30 GFLOP/s + 4 layers x 20 us + the 8 prompt tokens (one micro-batch) against 8 cells: 64 pairs at 10 GFLOP/s.
        double prefill = 2.0 * 1048576 * 8 / 30e9 + 4 * 20e-6 + 2048.0 * 64 / 10e9;
        // One decode step: max(4 M bytes at 21 GB/s, 2 M x 2 FLOP at 16 GFLOP/s) + 4 x 20 us + 2 queries x (2 x 5) cells at 10 GFLOP/s.
        double step = Math.max(4.0 * 1048576 / 21e9, 2.0 * 1048576 * 2 / 16e9) + 4 * 20e-6 + 2048.0 * 2 * (2 * 5) / 10e9;

        assertThat(CostModel.requestSeconds(generation("llama.cpp", "tiny", 2, 4, 2))).isCloseTo(prefill + step, within(1e-15));
    }

    @Test
    void requestSeconds_llamaCppPromptBeyondOneMicroBatch_eachPieceAttendsEveryCellFilledSoFar() {
        // batch 3 x prompt 300 = 900 prompt tokens: pieces of 512 and 388 attend 512 and 900 cells: 512^2 + 388 x 900 pairs.
        Configuration wide = generation("llama.cpp", "tiny", 3, 300, 2);
        double matrixAndSteps = 2.0 * 1048576 * 900 / 30e9 + 4 * 20e-6
                + Math.max(4.0 * 1048576 / 21e9, 2.0 * 1048576 * 3 / 16e9) + 4 * 20e-6 + 2048.0 * 3 * (3 * 301) / 10e9;

        assertThat(CostModel.requestSeconds(wide)).isCloseTo(matrixAndSteps + 2048.0 * (512.0 * 512 + 388.0 * 900) / 10e9, within(1e-15));
    }

    @Test
    void requestSeconds_llamaCppDecodeAttention_growsAsBatchSquaredTimesContext_djlAsBatch() {
        double llama1 = CostModel.requestSeconds(generation("llama.cpp", "small", 1, 512, 64));
        double llama16 = CostModel.requestSeconds(generation("llama.cpp", "small", 16, 512, 64));
        double djl1 = CostModel.requestSeconds(generation("djl-pytorch", "small", 1, 512, 64));
        double djl16 = CostModel.requestSeconds(generation("djl-pytorch", "small", 16, 512, 64));

        assertThat(llama16 / llama1).isGreaterThan(djl16 / djl1);
        assertThat(llama16).isGreaterThan(djl16);
    }
}
