package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

    @TempDir
    Path dir;

    @Test
    void of_realRun_groupsByWorkloadWithTheRealFrameworkAsBaselineNotFake() throws IOException {
        Comparison comparison = Fixtures.compare(Fixtures.SWEEP_RUN);

        assertThat(comparison.baseline()).contains("djl-pytorch");
        assertThat(comparison.groups()).hasSize(3);
        for (WorkloadGroup group : comparison.groups()) {
            assertThat(group.rows()).extracting(ComparedRow::label).containsExactly("djl-pytorch", "fake");
            assertThat(group.rows().get(0).baseline()).isTrue();
            assertThat(group.rows().get(1).ratios()).containsKeys(Metric.OUTPUT_TOKENS_PER_SECOND, Metric.TTFT_P50, Metric.PEAK_RSS);
        }
        assertThat(comparison.groups()).extracting(g -> g.workload().batchSize() + "/" + g.workload().promptTokens())
                .containsExactly("1/32", "1/128", "4/128");
    }

    private static ReportRow timedRow(double ttftMean, double enginePrefill, double itlMean, double engineItl) {
        WorkloadKey workload = new WorkloadKey("GenerationLatencyBenchmark.generate", "ss", "base", "f32", "1", "128", "64", "1");
        return new ReportRow("run", "llama.cpp", workload,
                java.util.Map.of(Metric.TTFT_MEAN, ttftMean, Metric.ENGINE_PREFILL, enginePrefill, Metric.ITL_MEAN, itlMean,
                        Metric.ENGINE_ITL, engineItl),
                java.util.Map.of(), java.util.OptionalDouble.empty(), "ms/op", false, Optional.empty());
    }

    @Test
    void engineTimerNote_differenceAboveTenPercent_isFlaggedWithBothFigures() {
        ReportRow row = timedRow(600, 500, 36.0, 36.0);

        assertThat(Comparison.engineTimerNote(row, Metric.TTFT_MEAN, Metric.ENGINE_PREFILL)).hasValue(
                "llama.cpp (run): harness TTFT mean 600.000 ms differs by +20% from the engine's own timer, engine prefill 500.000 ms"
                        + " (the harness also counts tokenization, queueing of batch slots and the hand-over to the caller)");
        assertThat(Comparison.engineTimerNote(row, Metric.ITL_MEAN, Metric.ENGINE_ITL)).isEmpty();
    }

    @Test
    void engineTimerNote_withinTenPercentOrNoEngineTimer_saysNothing() {
        assertThat(Comparison.engineTimerNote(timedRow(549, 500, 1, 1), Metric.TTFT_MEAN, Metric.ENGINE_PREFILL)).isEmpty();
        WorkloadKey workload = new WorkloadKey("b", "ss", "tiny", "f32", "1", "128", "64", "1");
        ReportRow djl = new ReportRow("run", "djl-pytorch", workload, java.util.Map.of(Metric.TTFT_MEAN, 5.0), java.util.Map.of(),
                java.util.OptionalDouble.empty(), "ms/op", false, Optional.empty());
        assertThat(Comparison.engineTimerNote(djl, Metric.TTFT_MEAN, Metric.ENGINE_PREFILL)).isEmpty();
    }

    private static ReportRow onJvm(String framework, String forkJvm) {
        WorkloadKey workload = new WorkloadKey("GenerationLatencyBenchmark.generate", "ss", "small", "f32", "1", "128", "64", "1");
        return new ReportRow("run", framework, workload, java.util.Map.of(Metric.OUTPUT_TOKENS_PER_SECOND, 100.0), java.util.Map.of(),
                java.util.OptionalDouble.empty(), "ms/op", false, Optional.empty(), forkJvm);
    }

    @Test
    void forkJvms_rowsOnDifferentJvms_noteInEveryFormat_andEachRowsJvmInCsvAndJson() throws IOException {
        List<ReportRow> rows = List.of(onJvm("djl-pytorch", "Java 17.0.15"), onJvm("jlama", "Java 25.0.3"),
                onJvm("llama.cpp", "Java 17.0.15"), ReportRow.failed("run", "fake", onJvm("fake", "").workload(), "boom"));
        Comparison comparison = Comparison.of(List.of(new ReportInput("run", rows, Optional.empty())), Optional.empty());
        String note = "forks ran on different JVMs: djl-pytorch, llama.cpp on Java 17.0.15; jlama on Java 25.0.3";

        assertThat(comparison.groups().get(0).fairness()).contains(note);
        assertThat(Reports.render(comparison, ReportFormat.MARKDOWN)).contains(note);
        assertThat(Reports.render(comparison, ReportFormat.HTML)).contains(note);
        String csv = Reports.render(comparison, ReportFormat.CSV);
        List<String> header = List.of(csv.split("\r\n")[0].split(","));
        int column = header.indexOf("forkJvm");
        assertThat(column).isPositive();
        assertThat(Stream.of(csv.split("\r\n")).skip(1).map(line -> line.split(",", -1)[column]))
                .containsExactly("Java 17.0.15", "Java 25.0.3", "Java 17.0.15", "");
        String json = Reports.render(comparison, ReportFormat.JSON);
        assertThat(json).contains("\"forkJvm\" : \"Java 25.0.3\"").contains("\"forkJvm\" : null").contains(note);
    }

    @Test
    void forkJvmNote_oneJvmOrUnknown_saysNothing() {
        assertThat(Comparison.forkJvmNote(List.of(onJvm("djl-pytorch", "Java 17.0.15"), onJvm("llama.cpp", "Java 17.0.15")))).isEmpty();
        assertThat(Comparison.forkJvmNote(List.of(onJvm("djl-pytorch", ""), onJvm("jlama", "Java 25.0.3")))).isEmpty();
    }

    @Test
    void of_oldFormat_ratioIsMeanOfIterationsOverBaselineMean() throws IOException {
        Comparison comparison = Fixtures.compare(Fixtures.OLD_FORMAT);

        WorkloadGroup group = comparison.groups().get(0);
        assertThat(comparison.baseline()).contains("legacy-a");
        ComparedRow b = group.rows().get(1);
        RatioEstimate output = b.ratios().get(Metric.OUTPUT_TOKENS_PER_SECOND);
        // [140, 160, 150, 150] vs [90, 110, 100, 100]: 150 / 100; scipy gives the same interval and p
        assertThat(output.ratio()).isCloseTo(1.5, within(1e-12));
        assertThat(output.ci95Lower().getAsDouble()).isCloseTo(1.3334957562031653, within(1e-8));
        assertThat(output.ci95Upper().getAsDouble()).isCloseTo(1.6967428820760488, within(1e-8));
        assertThat(output.pValue().getAsDouble()).isCloseTo(0.00013070665033946811, within(1e-10));
        assertThat(output.verdict()).isEqualTo(Verdict.BETTER);
        assertThat(b.ratios().get(Metric.PEAK_RSS).verdict()).as("no spread in memory").isEqualTo(Verdict.NOT_TESTED);
        assertThat(b.ratios().get(Metric.PEAK_RSS).ratio()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void of_explicitBaseline_usedInEveryWorkload() throws IOException {
        Comparison comparison = Reports.compareFiles(List.of(Fixtures.SWEEP_RUN), Optional.of("fake"));

        assertThat(comparison.groups()).allSatisfy(g -> assertThat(g.baseline()).contains("fake"));
        RatioEstimate ttft = comparison.groups().get(0).rows().get(1).ratios().get(Metric.TTFT_P50);
        assertThat(ttft.verdict()).isEqualTo(Verdict.WORSE);
    }

    @Test
    void of_unknownBaseline_listsWhatExists() {
        assertThatThrownBy(() -> Reports.compareFiles(List.of(Fixtures.SWEEP_RUN), Optional.of("vllm")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--baseline-framework vllm: no such framework or run in the inputs; frameworks: djl-pytorch, fake;"
                        + " runs: 20261128T143408Z-8f02a09836");
    }

    @Test
    void of_onlyFake_fakeIsTheBaseline() throws IOException {
        Comparison comparison = Fixtures.compare(Fixtures.FAILED_RUN);

        assertThat(comparison.baseline()).contains("fake");
        assertThat(comparison.groups().get(0).rows()).extracting(r -> r.row().isFailed()).containsExactly(false, true);
        assertThat(comparison.groups().get(0).rows().get(1).ratios()).isEmpty();
    }

    /** The same framework in two runs (two versions, say) gets one row per run, labelled by run, compared with the first. */
    @Test
    void of_sameFrameworkInTwoRuns_labelsRowsByRunAndFlagsDifferentMachines() throws IOException {
        Path other = copyRun(Fixtures.SWEEP_RUN, dir.resolve("20261129T090000Z-newer"));
        String env = Files.readString(other.resolve("env.json")).replace("\"availableProcessors\" : 2", "\"availableProcessors\" : 16");
        Files.writeString(other.resolve("env.json"), env);

        Comparison comparison = Reports.compareFiles(List.of(Fixtures.SWEEP_RUN, other), Optional.of("20261128T143408Z-8f02a09836"));

        WorkloadGroup group = comparison.groups().get(0);
        assertThat(group.rows()).extracting(ComparedRow::label).containsExactly(
                "djl-pytorch (20261128T143408Z-8f02a09836)", "fake (20261128T143408Z-8f02a09836)",
                "djl-pytorch (20261129T090000Z-newer)", "fake (20261129T090000Z-newer)");
        RatioEstimate same = group.rows().get(2).ratios().get(Metric.OUTPUT_TOKENS_PER_SECOND);
        assertThat(same.ratio()).isCloseTo(1.0, within(1e-12));
        assertThat(same.verdict()).isEqualTo(Verdict.NO_CLEAR_DIFFERENCE);
        assertThat(group.fairness()).singleElement().asString().startsWith("different machines: ");
        assertThat(comparison.fairness()).anySatisfy(n -> assertThat(n).contains("2 different machines"));
    }

    private static Path copyRun(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }
}
