package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundPoolTest {

    @TempDir
    Path dir;

    private static final WorkloadKey TINY = new WorkloadKey("GenerationLatencyBenchmark.generate", "ss", "tiny", "f32", "1", "32", "16", "1");

    private static ReportRow row(String round, double tokensPerSecond, double... iterations) {
        return new ReportRow(round, "djl-pytorch", TINY, Map.of(Metric.OUTPUT_TOKENS_PER_SECOND, tokensPerSecond),
                Map.of(Metric.OUTPUT_TOKENS_PER_SECOND, iterations), java.util.OptionalDouble.of(2.0), "ms/op", false, Optional.empty());
    }

    private static ReportInput round(String label, ReportRow... rows) {
        return new ReportInput(label, List.of(rows), Optional.empty(), List.of(), OptionalInt.of(1));
    }

    @Test
    void pool_figureIsTheMeanOfRoundFigures_replicatesAreTheRounds() {
        ReportInput pooled = RoundPool.pool("sweep", List.of(round("round-1", row("round-1", 100, 1, 2, 3)),
                round("round-2", row("round-2", 110, 4, 5)), round("round-3", row("round-3", 120, 6))));

        assertThat(pooled.rounds()).hasValue(3);
        assertThat(pooled.rows()).hasSize(1);
        ReportRow row = pooled.rows().get(0);
        assertThat(row.source()).isEqualTo("sweep");
        assertThat(row.value(Metric.OUTPUT_TOKENS_PER_SECOND)).hasValue(110.0);
        // one replicate per round (its figure), never the iterations inside a round
        assertThat(row.iterations(Metric.OUTPUT_TOKENS_PER_SECOND)).containsExactly(100, 110, 120);
        assertThat(row.primaryScore()).hasValue(2.0);
        assertThat(pooled.failures()).isEmpty();
        assertThat(pooled.withinRunOnly()).isFalse();
    }

    @Test
    void pool_aRoundFailed_leftOutOfTheFiguresAndListed() {
        ReportRow failed = ReportRow.failed("round-2", "djl-pytorch", TINY, "timed out after 2m 00s");
        ReportInput pooled = RoundPool.pool("sweep", List.of(round("round-1", row("round-1", 100)), round("round-2", failed),
                round("round-3", row("round-3", 120))));

        assertThat(pooled.rows().get(0).iterations(Metric.OUTPUT_TOKENS_PER_SECOND)).containsExactly(100, 120);
        assertThat(pooled.failures()).containsExactly("djl-pytorch, GenerationLatencyBenchmark.generate (ss): model tiny, precision f32,"
                + " batch 1, prompt 32, new 16, threads 1, round-2: timed out after 2m 00s");
    }

    @Test
    void pool_everyRoundFailed_isAFailedRow() {
        ReportInput pooled = RoundPool.pool("sweep", List.of(round("round-1", ReportRow.failed("round-1", "djl-pytorch", TINY, "out of memory")),
                round("round-2", ReportRow.failed("round-2", "djl-pytorch", TINY, "out of memory"))));

        assertThat(pooled.rows().get(0).failure()).hasValue("out of memory (failed in all 2 rounds)");
        assertThat(pooled.failures()).hasSize(2);
    }

    @Test
    void compare_sweepOfThreeRounds_ratioIntervalAndTestOnRounds() throws IOException {
        List<Path> rounds = SweepFixtures.write(dir.resolve("sweep"), SweepFixtures.threeRounds(), 3);
        Comparison comparison = Reports.compareSources(List.of(ReportSource.sweep(dir.resolve("sweep"), rounds)), Optional.of("djl-pytorch"));

        WorkloadGroup batch1 = comparison.groups().get(0);
        ComparedRow llama = batch1.rows().stream().filter(r -> r.row().framework().equals("llama.cpp")).findFirst().orElseThrow();
        RatioEstimate estimate = llama.ratios().get(Metric.OUTPUT_TOKENS_PER_SECOND);
        // 210 / 110 with Fieller's interval at Welch's 4 degrees of freedom (both sides: 3 rounds, sd 10), computed by hand:
        // t = 2.776445; denominator 110^2 - t^2 100/3 = 11843.05; half-width t sqrt(100/3 (210^2 + 110^2) - t^2 (100/3)^2) = 3791.4
        assertThat(estimate.ratio()).isCloseTo(210.0 / 110.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(estimate.iterations()).isEqualTo(3);
        assertThat(estimate.ci95Lower().getAsDouble()).isCloseTo(1.63036, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(estimate.ci95Upper().getAsDouble()).isCloseTo(2.27065, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(estimate.verdict()).isEqualTo(Verdict.BETTER);
        assertThat(comparison.roundsPooled()).isTrue();
        assertThat(comparison.replicates()).containsExactly("sweep: 3 rounds; each figure is the mean of the configuration's round figures,"
                + " and its intervals and tests use the rounds as replicates");
    }

    @Test
    void render_sweepWithAnHttpRow_servingOverheadCountsRounds() throws IOException {
        List<SweepFixtures.Configuration> configurations = List.of(
                new SweepFixtures.Configuration("djl-pytorch", "tiny", 1, Map.of("ttft.p50", new double[] {10, 11, 12},
                        "itl.mean", new double[] {2, 2, 2}, "output.tokens_per_s", new double[] {100, 110, 120})),
                new SweepFixtures.Configuration("openai", "serve:djl-pytorch/tiny", 1, Map.of("ttft.p50", new double[] {20, 21, 22},
                        "itl.mean", new double[] {2, 2, 2}, "output.tokens_per_s", new double[] {90, 100, 110})));
        List<Path> rounds = SweepFixtures.write(dir.resolve("sweep"), configurations, 3);
        Comparison comparison = Reports.compareSources(List.of(ReportSource.sweep(dir.resolve("sweep"), rounds)), Optional.of("djl-pytorch"));

        ServingOverhead overhead = ServingOverhead.of(comparison).get(0);
        String markdown = Reports.render(comparison, ReportFormat.MARKDOWN);

        assertThat(overhead.httpReplicates()).isEqualTo("rounds");
        assertThat(overhead.inProcessReplicates()).isEqualTo("rounds");
        String servingOverhead = markdown.substring(markdown.indexOf("## Serving overhead"), markdown.indexOf("## Results by workload"));
        // TTFT 21 / 11, Welch on 3 rounds each
        assertThat(servingOverhead).contains("| openai on serve:djl-pytorch/tiny | djl-pytorch |", "1.909x", "3 vs 3 rounds)")
                .doesNotContain("iterations");
    }

    @Test
    void render_sweepOfThreeRounds_ratioCellsCountRoundsNotIterations() throws IOException {
        List<Path> rounds = SweepFixtures.write(dir.resolve("sweep"), SweepFixtures.threeRounds(), 3);
        Comparison comparison = Reports.compareSources(List.of(ReportSource.sweep(dir.resolve("sweep"), rounds)), Optional.of("djl-pytorch"));

        String markdown = Reports.render(comparison, ReportFormat.MARKDOWN);

        // Welch: t = 100 / sqrt(100/3 + 100/3) = 12.25 at 4 degrees of freedom, p = 0.00026
        assertThat(markdown).contains("| llama.cpp | 1.909x \\[1.63, 2.271\\] faster (p=0.00026, 3 vs 3 rounds) |");
        assertThat(markdown).doesNotContain("vs 3 iterations");
        assertThat(Reports.render(comparison, ReportFormat.HTML)).contains("faster (p=0.00026, 3 vs 3 rounds)");
    }

    @Test
    void describe_roundsAgainstIterations_namesBoth() {
        RatioEstimate estimate = new RatioEstimate(2.0, java.util.OptionalDouble.of(1.5), java.util.OptionalDouble.of(2.5),
                java.util.OptionalDouble.of(0.001), 3, 10, Verdict.BETTER);

        assertThat(ReportDocument.describe(Metric.OUTPUT_TOKENS_PER_SECOND, estimate, "rounds", "iterations"))
                .isEqualTo("2x [1.5, 2.5] faster (p=0.0010, 3 rounds vs 10 iterations)");
        assertThat(ReportDocument.describe(Metric.OUTPUT_TOKENS_PER_SECOND, estimate, "rounds", "rounds"))
                .isEqualTo("2x [1.5, 2.5] faster (p=0.0010, 3 vs 10 rounds)");
    }

    @Test
    void compare_sweepOfOneRound_saysItsIntervalsReflectWithinRunNoiseOnly() throws IOException {
        List<Path> rounds = SweepFixtures.write(dir.resolve("sweep"), SweepFixtures.threeRounds(), 1);
        Comparison comparison = Reports.compareSources(List.of(ReportSource.sweep(dir.resolve("sweep"), rounds)), Optional.empty());
        String note = "sweep: a single round, so its intervals reflect within-run noise only (the iterations of one JVM in one stretch of"
                + " machine time); differences between runs, which rounds capture, can be larger";

        assertThat(comparison.replicates()).containsExactly(note);
        assertThat(comparison.roundsPooled()).isFalse();
        assertThat(Reports.render(comparison, ReportFormat.MARKDOWN)).contains("- " + note);
        assertThat(Reports.render(comparison, ReportFormat.HTML)).contains("<li>" + note + "</li>");
    }

    @Test
    void compare_runOfOneFork_saysItsIntervalsReflectWithinRunNoiseOnly() throws IOException {
        Comparison comparison = Fixtures.compare(Fixtures.SWEEP_RUN);

        assertThat(comparison.replicates()).containsExactly("20261128T143408Z-8f02a09836: a single fork, so its intervals reflect within-run"
                + " noise only (the iterations of one JVM in one stretch of machine time); differences between runs, which rounds capture,"
                + " can be larger");
    }
}
