package dev.tokenbench.cli;

import dev.tokenbench.agreement.Agreement;
import dev.tokenbench.agreement.AgreementCheck;
import dev.tokenbench.agreement.AgreementFile;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.engine.llamacpp.LlamaCppEngine;
import dev.tokenbench.jmh.FakeModels;
import dev.tokenbench.jmh.Suite;
import dev.tokenbench.jmh.SuiteRunner;
import dev.tokenbench.jmh.SummaryRow;
import dev.tokenbench.measure.BuildInfo;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.report.Comparison;
import dev.tokenbench.report.ReportFormat;
import dev.tokenbench.report.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code run} (the default command): runs the JMH suite and writes its results under
 * {@code results/runs/<UTC time>-<commit>/}; a thin layer over {@link SuiteRunner}.
 */
@Command(name = "run", description = {
    "Runs the JMH benchmark suite (the default command). Without a benchmark name it runs the default suite: the fake engine"
            + " with zero delays (the harness's own cost per token) and with programmed delays (batch 1 and 8), then djl-pytorch and"
            + " llama.cpp on the tiny and small models (f32, batch 1 and 8), prompt 128 and 64 new tokens."
            + " Writes results/runs/<UTC time>-<commit>/jmh.json (JMH's JSON with token and memory figures), env.json (machine facts),"
            + " samples.jsonl (raw samples per fork and iteration), failures.json (configurations that failed) and, when llama.cpp ran,"
            + " agreement.json (its greedy token ids against djl-pytorch's), then prints a summary table and writes the run's report"
            + " beside them (report.md, report.html, report.csv, report.json, charts/).",
    "",
    "Every JMH option passes through unchanged: a benchmark regex (GenerationLatencyBenchmark, PrefillLatencyBenchmark,"
            + " DecodeLatencyBenchmark), -p name=v1,v2 (framework, model, batchSize, promptTokens, newTokens, threads, precision;"
            + " on the default suite -p replaces the suite's values), -f, -wi, -i, -prof, -rf, -rff, -o, -l, -lp, -lprof, -h for JMH's own help.",
    "The token-timing (-prof tokens) and memory (-prof memory) profilers are always on. Parameters are checked before any fork starts.",
    "",
    "Examples:",
    "  java -jar target/benchmarks.jar",
    "  java -jar target/benchmarks.jar -p batchSize=1,4 -i 20",
    "  java -jar target/benchmarks.jar GenerationLatencyBenchmark -p framework=fake -p model=timing:20ms/50us/2ms",
    "",
})
final class RunCommand implements Callable<Integer> {

    private static final DateTimeFormatter RUN_FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Option(names = "--results-dir", paramLabel = "DIR", description = "Folder that receives one sub-folder per run (default: ${DEFAULT-VALUE}).")
    Path resultsDir = Path.of("results", "runs");

    @Option(names = "--no-agreement", description = "Skip the agreement check that follows the benchmarks when llama.cpp ran"
            + " (llama.cpp's greedy token ids against djl-pytorch's, written to agreement.json beside the results).")
    boolean noAgreement;

    @Mixin
    HelpOption help;

    @Unmatched
    List<String> jmhArguments = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /**
     * Agreement of each llama.cpp workload that ran (model, precision, prompt, new tokens) with djl-pytorch, measured in
     * this JVM after every fork is done and written to {@code agreement.json} beside the results file.
     */
    private void writeAgreement(SuiteRunner.Completed completed, PrintWriter out) {
        Set<List<String>> workloads = new LinkedHashSet<>();
        for (RunResult result : completed.results()) {
            var params = result.getParams();
            if (LlamaCppEngine.FRAMEWORK.equals(params.getParam("framework"))) {
                workloads.add(List.of(params.getParam("model"), params.getParam("precision"), params.getParam("promptTokens"),
                        params.getParam("newTokens")));
            }
        }
        if (workloads.isEmpty()) {
            return;
        }
        List<Agreement> rows = new ArrayList<>();
        for (List<String> workload : workloads) {
            try {
                rows.add(AgreementCheck.llamaCppVsDjl(workload.get(0), workload.get(1), Integer.parseInt(workload.get(2)),
                        Integer.parseInt(workload.get(3))));
            } catch (EngineException | RuntimeException e) {
                spec.commandLine().getErr().println("tokenbench run: agreement of " + workload + " not measured: " + e.getMessage());
            }
        }
        Path file = RunFolder.at(completed.resultsFile().toAbsolutePath().getParent()).agreementFile();
        try {
            AgreementFile.write(file, rows);
            out.print(AgreementCommand.render(rows));
            out.println("Agreement: " + file);
        } catch (IOException e) {
            spec.commandLine().getErr().println("tokenbench run: cannot write " + file + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException, RunnerException {
        // After a benchmark name picocli hands everything to JMH: take our own switch back from there.
        if (jmhArguments.remove("--no-agreement")) {
            noAgreement = true;
        }
        PrintWriter out = spec.commandLine().getOut();
        BuildInfo build = BuildInfo.current();
        Path runDir = resultsDir.resolve(RUN_FOLDER_TIME.format(Instant.now()) + "-" + build.shortCommit());
        long startNanos = System.nanoTime();
        SuiteRunner.Outcome outcome = new SuiteRunner(System.out, Suite.DEFAULT).run(jmhArguments, runDir);
        if (!(outcome instanceof SuiteRunner.Completed completed)) {
            return ExitCodes.OK;
        }
        // Agreement loads both engines here; llama.cpp's native load log goes to stderr, so it runs before the summary.
        if (!noAgreement) {
            writeAgreement(completed, out);
        }
        List<SummaryRow> rows = SummaryRow.of(completed.results());
        out.println();
        out.print(SummaryTable.renderRows(rows));
        for (SummaryRow row : rows) {
            if (row.framework().equals(FakeEngine.FRAMEWORK)
                    && FakeModels.timing(row.model()).filter(FakeEngine.Timing.ZERO::equals).isPresent() && row.nanosPerToken().isPresent()) {
                out.printf(Locale.ROOT, "Harness cost (zero-delay fake, batch %s): %.0f ns per token from token to token; %.0f ns per token"
                        + " from request start to last token, which includes the fake's prompt tokenization (TTFT p50 %s ms).%n",
                        row.batchSize(), row.nanosPerDecodeToken().orElse(Double.NaN), row.nanosPerToken().getAsDouble(),
                        row.ttftP50Millis().isPresent() ? String.format(Locale.ROOT, "%.4f", row.ttftP50Millis().getAsDouble()) : "-");
            }
        }
        out.printf(Locale.ROOT, "Wall time: %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
        out.println("Results: " + completed.resultsFile());
        out.println("Environment: " + completed.environmentFile());
        out.println("Samples: " + completed.samplesFile());
        writeReport(completed, out);
        if (completed.failedConfigurations() > 0) {
            spec.commandLine().getErr().println("tokenbench run: " + completed.failedConfigurations() + " of "
                    + completed.expectedConfigurations() + " configurations failed; JMH printed why above");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    /** Writes the run's report beside its JSON results and says where; a run whose report cannot be made still succeeds. */
    private void writeReport(SuiteRunner.Completed completed, PrintWriter out) {
        if (!completed.resultsFile().getFileName().toString().endsWith(".json")) {
            out.println("Report: not written (results are not JSON; run 'report' on a JSON results file)");
            return;
        }
        Path folder = completed.resultsFile().toAbsolutePath().getParent();
        try {
            Comparison comparison = Reports.compareFiles(List.of(completed.resultsFile()), Optional.empty());
            Reports.generateReport(comparison, folder, EnumSet.allOf(ReportFormat.class));
            out.println("Report: " + completed.resultsFile().resolveSibling(ReportFormat.MARKDOWN.fileName()) + " (also report.html,"
                    + " report.csv, report.json, charts/)");
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("tokenbench run: report not written: " + e.getMessage());
        }
    }
}
