package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeadersTest {

    @TempDir
    Path dir;

    @Test
    void sentences_sweep_leaderPerBatchRange_byHowMuch_withIntervals() throws IOException {
        List<Path> rounds = SweepFixtures.write(dir.resolve("sweep"), SweepFixtures.threeRounds(), 3);
        Comparison comparison = Reports.compareSources(List.of(ReportSource.sweep(dir.resolve("sweep"), rounds)), Optional.empty());

        // batch 1: 210 / 110 (interval as RoundPoolTest computes by hand); batch 4: 320 / 200 with variances of the means 400/3 and
        // 100/3, Welch-Satterthwaite 2.94 degrees of freedom, t = 3.20: denominator 200^2 - t^2 100/3 = 39659, half-width
        // t sqrt(100/3 320^2 + 400/3 200^2 - t^2 (400/3)(100/3)) = 9439 -> [1.375, 1.853].
        // The fake engine's 100000 tok/s leads nothing: it is not a framework.
        assertThat(Leaders.sentences(comparison)).containsExactly("output tok/s (higher is better), model tiny (f32, 16 new tokens, 1 thread):"
                + " llama.cpp leads at batch 1 by 1.909x [1.63, 2.271] over djl-pytorch; djl-pytorch leads at batch 4 by 1.6x [1.375, 1.853]"
                + " over llama.cpp.");
    }

    @Test
    void sentence_consecutiveBatchSizes_formARange_notSignificantSaysSo() {
        RatioEstimate clear2 = new RatioEstimate(2.0, java.util.OptionalDouble.of(1.5), java.util.OptionalDouble.of(2.5),
                java.util.OptionalDouble.of(0.001), 3, 3, Verdict.BETTER);
        RatioEstimate clear3 = new RatioEstimate(3.0, java.util.OptionalDouble.of(2.5), java.util.OptionalDouble.of(3.5),
                java.util.OptionalDouble.of(0.001), 3, 3, Verdict.BETTER);
        RatioEstimate unclear = new RatioEstimate(1.1, java.util.OptionalDouble.of(0.9), java.util.OptionalDouble.of(1.3),
                java.util.OptionalDouble.of(0.3), 3, 3, Verdict.NO_CLEAR_DIFFERENCE);
        java.util.TreeMap<String, List<Leaders.Lead>> byBatch = new java.util.TreeMap<>(WorkloadKey::compareNatural);
        byBatch.put("1", List.of(new Leaders.Lead("llama.cpp", "djl-pytorch", clear2)));
        byBatch.put("2", List.of(new Leaders.Lead("llama.cpp", "djl-pytorch", clear3), new Leaders.Lead("llama.cpp", "djl-pytorch", clear2)));
        byBatch.put("8", List.of(new Leaders.Lead("djl-pytorch", "llama.cpp", unclear)));
        byBatch.put("16", List.of(new Leaders.Lead("djl-pytorch", "llama.cpp", clear2), new Leaders.Lead("llama.cpp", "djl-pytorch", clear2)));

        assertThat(Leaders.sentence(Metric.TTFT_P50, List.of("small", "f32", "64", "2", "G", "ss"), byBatch)).isEqualTo(
                "TTFT p50 (lower is better), model small (f32, 64 new tokens, 2 threads): llama.cpp leads at batch 1-2 by 2x [1.5, 2.5]"
                        + " to 3x [2.5, 3.5] over djl-pytorch (3 workloads); no clear leader at batch 8 (the difference is not significant);"
                        + " no clear leader at batch 16 (the leader differs between prompt lengths).");
    }
}
