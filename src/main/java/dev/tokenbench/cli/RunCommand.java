package dev.tokenbench.cli;

import dev.tokenbench.jmh.host.Suite;
import dev.tokenbench.jmh.host.SuiteRunner;
import dev.tokenbench.jmh.host.SummaryRow;
import dev.tokenbench.measure.BuildInfo;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.pipeline.RunPipeline;
import dev.tokenbench.report.Reports;
import dev.tokenbench.sweep.SuiteSweep;
import dev.tokenbench.sweep.SweepProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    "Runs the JMH benchmark suite (the default command). Without a benchmark name it runs the default suite as a sweep of 3 rounds"
            + " (every configuration once per round, each round in a seeded random order, -f 1 -wi 0 -i 3 per run unless given): the fake"
            + " engine with zero delays (the harness's own cost per token) and with programmed delays (batch 1 and 8), then djl-pytorch,"
            + " llama.cpp and jlama (its forks on a Java 21+ JVM: TOKENBENCH_JLAMA_JVM, this JVM if 21+, or the newest in /usr/lib/jvm;"
            + " left out with a note when none is found) on the tiny and small models (f32, batch 1 and 8), prompt 128 and 64 new tokens, and djl-pytorch on tiny"
            + " at batch 1 behind serve, over loopback HTTP (openai, serve:djl-pytorch/tiny). Writes the sweep folder"
            + " results/runs/<UTC time>-<commit>/ (index.json; runs/<configuration>/round-<r>/ with each run's jmh.json, env.json, raw"
            + " samples (samples.jsonl), failures.json and output.log), then, when llama.cpp or jlama ran, agreement.json (their greedy token ids against"
            + " djl-pytorch's), then calibrates the machine and djl-pytorch's and llama.cpp's weight products on the run's threads and models into"
            + " env.json (--no-calibration skips it), then writes the report of the rounds pooled (report.md, report.html, report.csv,"
            + " report.json, charts/) and prints its summary. With a benchmark name, -rf, -rff or -o it is one JMH invocation (no rounds)"
            + " writing jmh.json and its companions, then agreement, calibration, a summary table and the report.",
    "",
    "Every JMH option passes through unchanged: a benchmark regex (GenerationLatencyBenchmark, PrefillLatencyBenchmark,"
            + " DecodeLatencyBenchmark), -p name=v1,v2 (framework, model, batchSize, promptTokens, newTokens, threads, precision;"
            + " on the default suite -p replaces the suite's values, and -p framework=NAME,... selects the suite's workloads of those"
            + " frameworks), -f, -wi, -i, -prof, -rf, -rff, -o, -l, -lp, -lprof, -h for JMH's own help.",
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

    @Option(names = "--no-agreement", description = "Skip the agreement check that follows the benchmarks when llama.cpp or jlama ran"
            + " (their greedy token ids against djl-pytorch's, written to agreement.json beside the results).")
    boolean noAgreement;

    @Option(names = RunPipeline.NO_CALIBRATION, description = "Skip the calibration that follows the benchmarks (the machine's streaming"
            + " bandwidth and GEMM peak on the run's thread counts, and djl-pytorch's and llama.cpp's weight products of the run's models, written to"
            + " env.json); the report then has no %% of limit figures and says why.")
    boolean noCalibration;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "The longest one run of the default sweep may take (90s, 10m, 1h;"
            + " default 10m): past it its fork is killed, the run is recorded as failed with that reason and the sweep goes on.")
    String timeout;

    @Mixin
    HelpOption help;

    @Unmatched
    List<String> jmhArguments = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, RunnerException, InterruptedException {
        // After a benchmark name picocli hands everything to JMH: take our own switch back from there.
        if (jmhArguments.remove("--no-agreement")) {
            noAgreement = true;
        }
        if (jmhArguments.remove(RunPipeline.NO_CALIBRATION)) {
            noCalibration = true;
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BuildInfo build = BuildInfo.current();
        // A run killed earlier (its process, or the machine) left its lock behind: say so once, and what it kept.
        for (String note : RunFolder.noteInterruptedRuns(resultsDir)) {
            err.println("tokenbench run: note: " + note);
        }
        Path runDir = resultsDir.resolve(RUN_FOLDER_TIME.format(Instant.now()) + "-" + build.shortCommit());
        RunPipeline pipeline = new RunPipeline(System.out, Suite.DEFAULT, problem -> err.println("tokenbench run: " + problem));
        Optional<SuiteRunner.DefaultSuiteArguments> defaultSuite = SuiteRunner.defaultSuite(jmhArguments);
        if (defaultSuite.isPresent()) {
            return sweep(pipeline, defaultSuite.get(), runDir, out, err);
        }
        // The pipeline runs the forks, agreement (when llama.cpp or jlama ran) and the report; the summary comes last.
        Optional<RunPipeline.Outcome> run = pipeline.run(jmhArguments, runDir, !noAgreement, !noCalibration);
        if (run.isEmpty()) {
            return ExitCodes.OK;
        }
        RunPipeline.Outcome outcome = run.get();
        SuiteRunner.Completed completed = outcome.suite();
        if (outcome.agreementFile().isPresent()) {
            out.print(AgreementCommand.render(outcome.agreement()));
            out.println("Agreement: " + outcome.agreementFile().get());
        }
        List<SummaryRow> rows = SummaryRow.of(completed.results());
        out.println();
        out.print(SummaryTable.renderRows(rows));
        for (SummaryRow row : rows) {
            if (row.measuresHarnessCost() && row.nanosPerToken().isPresent()) {
                out.printf(Locale.ROOT, "Harness cost (zero-delay fake, batch %s): %.0f ns per token from token to token; %.0f ns per token"
                        + " from request start to last token, which includes the fake's prompt tokenization (TTFT p50 %s ms).%n",
                        row.batchSize(), row.nanosPerDecodeToken().orElse(Double.NaN), row.nanosPerToken().getAsDouble(),
                        row.ttftP50Millis().isPresent() ? String.format(Locale.ROOT, "%.4f", row.ttftP50Millis().getAsDouble()) : "-");
            }
        }
        out.printf(Locale.ROOT, "Wall time: %.1f s%s%n", outcome.wallNanos() / 1e9, outcome.calibrationNanos() > 0
                ? String.format(Locale.ROOT, " (calibration %.1f s)", outcome.calibrationNanos() / 1e9) : "");
        out.println("Results: " + completed.resultsFile());
        out.println("Environment: " + completed.environmentFile());
        out.println("Samples: " + completed.samplesFile());
        if (outcome.reportFile().isPresent()) {
            out.println("Report: " + outcome.reportFile().get() + " (also report.html, report.csv, report.json, charts/)");
        } else if (!outcome.resultsAreJson()) {
            out.println("Report: not written (results are not JSON; run 'report' on a JSON results file)");
        }
        if (completed.failedConfigurations() > 0) {
            err.println("tokenbench run: " + completed.failedConfigurations() + " of "
                    + completed.expectedConfigurations() + " configurations failed; JMH printed why above");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    /** The default suite as a sweep of {@value SuiteSweep#ROUNDS} rounds: progress, then the report's summary and where it is. */
    private int sweep(RunPipeline pipeline, SuiteRunner.DefaultSuiteArguments arguments, Path runDir, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        java.time.Duration runTimeout = SuiteSweep.TIMEOUT;
        if (timeout != null) {
            runTimeout = dev.tokenbench.sweep.SweepSpecParser.parseDuration(timeout).orElseThrow(() -> new UsageException("--timeout "
                    + timeout + ": not a duration; give a positive number with a unit, e.g. 90s, 10m or 1h"));
        }
        out.printf(Locale.ROOT, "Default suite as a sweep: %d rounds in seeded orders into %s (JMH output of each run in its output.log)%n",
                SuiteSweep.ROUNDS, runDir);
        out.flush();
        RunPipeline.SweepOutcome outcome = pipeline.runSweep(arguments, runDir, SuiteSweep.ROUNDS, runTimeout, !noAgreement, !noCalibration,
                SweepProgress.forConsole(out));
        if (outcome.agreementFile().isPresent()) {
            out.print(AgreementCommand.render(outcome.agreement()));
            out.println("Agreement: " + outcome.agreementFile().get());
        }
        out.println();
        outcome.comparison().ifPresent(comparison -> {
            out.println("Summary:");
            for (String line : Reports.summary(comparison)) {
                out.println("- " + line);
            }
        });
        out.println("Wall time: " + outcome.phases().describe());
        out.println("Sweep: " + runDir.resolve(dev.tokenbench.sweep.SweepFolder.INDEX_FILE));
        outcome.reportFile().ifPresent(report -> out.println("Report: " + report + " (also report.html, report.csv, report.json, charts/)"));
        if (!outcome.index().failed().isEmpty()) {
            for (var failed : outcome.index().failed()) {
                err.println("tokenbench run: FAILED " + failed.key() + ": " + failed.reason().orElse("no reason"));
            }
            err.println("tokenbench run: " + outcome.index().failed().size() + " of " + outcome.index().runs().size() + " runs failed");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
