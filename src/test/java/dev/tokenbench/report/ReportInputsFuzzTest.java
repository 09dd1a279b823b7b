package dev.tokenbench.report;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenbench.FuzzChecks;
import dev.tokenbench.measure.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz targets of the report's inputs as {@code report PATH} reads them: JMH's JSON, and each companion of a run folder
 * ({@code env.json} with its calibration, {@code samples.jsonl}, {@code failures.json}, {@code agreement.json}) beside a
 * real run's {@code jmh.json}. The only outcomes are a comparison (rendered as Markdown and CSV) or one {@link IllegalArgumentException} line naming
 * the file (see {@link FuzzChecks}); seeds in {@code ReportInputsFuzzTestInputs/<target>/}.
 */
class ReportInputsFuzzTest {

    /** A run folder's name, so the reader takes its date from it. */
    private static final String RUN = "20261128T150000Z-fuzz";

    /** JMH's JSON results file alone, as a file argument. */
    @FuzzTest(maxDuration = "20s")
    void jmhJson(byte[] input) throws Exception {
        Path file = FuzzChecks.write(RUN, RunFolder.RESULTS_FILE, input);
        compare(input.length, file, file);
    }

    /** {@code env.json}: machine facts and the run's calibration. */
    @FuzzTest(maxDuration = "20s")
    void envJson(byte[] input) throws Exception {
        companion(RunFolder.ENVIRONMENT_FILE, input);
    }

    /** {@code samples.jsonl}: the raw samples every figure is recomputed from. */
    @FuzzTest(maxDuration = "20s")
    void samplesJsonl(byte[] input) throws Exception {
        companion(RunFolder.SAMPLES_FILE, input);
    }

    /** {@code failures.json}: configurations that produced no result. */
    @FuzzTest(maxDuration = "20s")
    void failuresJson(byte[] input) throws Exception {
        companion(RunFolder.FAILURES_FILE, input);
    }

    /** {@code agreement.json}: greedy token agreement between frameworks. */
    @FuzzTest(maxDuration = "20s")
    void agreementJson(byte[] input) throws Exception {
        companion(RunFolder.AGREEMENT_FILE, input);
    }

    /** {@code load.json}: a load run's episodes, through {@code report}'s load report (Markdown, CSV, JSON). */
    @FuzzTest(maxDuration = "20s")
    void loadJson(byte[] input) throws Exception {
        Path folder = FuzzChecks.folder(RUN);
        Path file = Files.write(folder.resolve(RunFolder.LOAD_FILE), input);
        FuzzChecks.parse(input.length, () -> {
            try {
                LoadComparison comparison = new LoadComparison(List.of(LoadInput.read(folder)), Optional.empty());
                List<ReportChart> charts = comparison.charts();
                MarkdownReport.render(comparison.document(charts));
                comparison.csv();
                comparison.json(charts);
            } catch (IllegalArgumentException e) {
                FuzzChecks.oneLineError(e, file.toString());
            }
        });
    }

    private static void companion(String fileName, byte[] input) throws Exception {
        Path run = FuzzChecks.folder(RUN);
        Files.copy(Fixtures.DEFAULT_RUN.resolve(RunFolder.RESULTS_FILE), run.resolve(RunFolder.RESULTS_FILE));
        Path file = Files.write(run.resolve(fileName), input);
        compare(input.length, run, file);
    }

    private static void compare(long inputBytes, Path argument, Path fuzzedFile) throws Exception {
        FuzzChecks.parse(inputBytes, () -> {
            try {
                Comparison comparison = Reports.compareFiles(List.of(argument), Optional.empty());
                Reports.render(comparison, ReportFormat.MARKDOWN);
                Reports.render(comparison, ReportFormat.CSV);
            } catch (IllegalArgumentException e) {
                FuzzChecks.oneLineError(e, fuzzedFile.toString());
            }
        });
    }
}
