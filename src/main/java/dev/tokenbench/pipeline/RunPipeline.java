package dev.tokenbench.pipeline;

import dev.tokenbench.agreement.Agreement;
import dev.tokenbench.agreement.AgreementCheck;
import dev.tokenbench.agreement.AgreementFile;
import dev.tokenbench.calibrate.Calibration;
import dev.tokenbench.calibrate.Calibrator;
import dev.tokenbench.engine.djl.DjlPytorchEngine;
import dev.tokenbench.engine.jlama.JlamaProvider;
import dev.tokenbench.engine.jlama.JlamaRuntime;
import dev.tokenbench.engine.llamacpp.LlamaCppEngine;
import dev.tokenbench.jmh.host.SuiteEntry;
import dev.tokenbench.jmh.host.SuiteRunner;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.model.gguf.GgufPrecision;
import dev.tokenbench.report.Comparison;
import dev.tokenbench.report.ReportFormat;
import dev.tokenbench.report.ReportSource;
import dev.tokenbench.report.Reports;
import dev.tokenbench.sweep.Configuration;
import dev.tokenbench.sweep.InProcessConfigurationRunner;
import dev.tokenbench.sweep.JmhSettings;
import dev.tokenbench.sweep.RoundViews;
import dev.tokenbench.sweep.RunStatus;
import dev.tokenbench.sweep.SuiteSweep;
import dev.tokenbench.sweep.SweepFolder;
import dev.tokenbench.sweep.SweepIndex;
import dev.tokenbench.sweep.SweepProgress;
import dev.tokenbench.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs a benchmark suite into a run folder: the forks and their companion files ({@link SuiteRunner}), then, when
 * llama.cpp or jlama ran, the agreement of its greedy token ids with djl-pytorch's (after every fork is done; in this JVM,
 * or for jlama on a Java 17-20 JVM in a child JVM on a Java 21+ java),
 * then the calibration of the run's thread counts and models into {@code env.json} (the machine limit and
 * djl-pytorch's and llama.cpp's framework limits, for the report's % of limit), then the run's report beside the results. A step after the forks that fails is reported through {@code problems}
 * and the run still completes. {@link #runSweep} does the same for the suite run as a sweep of rounds (the default run):
 * one path runs each configuration ({@link SuiteRunner}), whether one JMH invocation holds the whole suite or a sweep runs
 * it configuration by configuration.
 */
public final class RunPipeline {

    /** The switch of the {@code run} command that skips the calibration. */
    public static final String NO_CALIBRATION = "--no-calibration";

    private final PrintStream jmhOut;
    private final List<SuiteEntry> suite;
    private final Consumer<String> problems;

    /**
     * @param jmhOut   where JMH prints its progress
     * @param suite    the suite run when no benchmark pattern is given
     * @param problems receives one line per step that could not be done (agreement of a workload, a file, the report)
     */
    public RunPipeline(PrintStream jmhOut, List<SuiteEntry> suite, Consumer<String> problems) {
        this.jmhOut = jmhOut;
        this.suite = List.copyOf(suite);
        this.problems = problems;
    }

    /**
     * What a completed run produced.
     *
     * @param suite         the forks' results and files
     * @param agreement     the agreement rows measured (empty when skipped or llama.cpp did not run)
     * @param agreementFile where they were written, if they were
     * @param reportFile    the Markdown report, if the report was written (HTML, CSV, JSON and charts beside it)
     * @param wallNanos     wall time of the forks, the agreement check and the calibration (the report is not counted)
     * @param calibrationNanos wall time of the calibration alone, 0 when skipped
     */
    public record Outcome(SuiteRunner.Completed suite, List<Agreement> agreement, Optional<Path> agreementFile, Optional<Path> reportFile,
                          long wallNanos, long calibrationNanos) {

        /** Whether the results are JMH's JSON, the only format the report reads. */
        public boolean resultsAreJson() {
            return isJson(suite.resultsFile());
        }
    }

    private static boolean isJson(Path resultsFile) {
        return resultsFile.getFileName().toString().endsWith(".json");
    }

    /**
     * Runs JMH with {@code jmhArguments} into {@code runFolder}; empty when JMH only printed information ({@code -h},
     * {@code -l}...).
     *
     * @param agreement whether to measure agreement when llama.cpp or jlama ran
     */
    public Optional<Outcome> run(List<String> jmhArguments, Path runFolder, boolean agreement) throws IOException, RunnerException {
        return run(jmhArguments, runFolder, agreement, true);
    }

    /**
     * {@link #run(List, Path, boolean)}, with the calibration step on or off.
     *
     * @param calibration whether to measure the machine limit on the run's thread counts and djl-pytorch's and llama.cpp's framework limits
     *                    of the run's models, into {@code env.json}; when off, {@code env.json} says so
     */
    public Optional<Outcome> run(List<String> jmhArguments, Path runFolder, boolean agreement, boolean calibration)
            throws IOException, RunnerException {
        long startNanos = System.nanoTime();
        List<Outcome> done = new ArrayList<>(1);
        // Agreement, calibration and report are written while the run still holds its folder.
        SuiteRunner.Outcome outcome = new SuiteRunner(jmhOut, suite).run(jmhArguments, runFolder,
                completed -> done.add(afterForks(completed, agreement, calibration, startNanos)));
        if (!(outcome instanceof SuiteRunner.Completed) || done.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(done.get(0));
    }

    private Outcome afterForks(SuiteRunner.Completed completed, boolean agreement, boolean calibration, long startNanos) {
        RunFolder folder = RunFolder.containing(completed.resultsFile().toAbsolutePath());
        List<Map<String, String>> ran = params(completed);
        List<Agreement> rows = agreement ? agreement(ran) : List.of();
        Optional<Path> agreementFile = Optional.empty();
        if (!rows.isEmpty()) {
            try {
                AgreementFile.write(folder.agreementFile(), rows);
                agreementFile = Optional.of(folder.agreementFile());
            } catch (IOException e) {
                problems.accept("cannot write " + folder.agreementFile() + ": " + e.getMessage());
            }
        }
        long calibrationNanos = calibrate(ran, folder, calibration);
        long wallNanos = System.nanoTime() - startNanos;
        return new Outcome(completed, rows, agreementFile, report(completed), wallNanos, calibrationNanos);
    }

    /**
     * Measures the calibration of the thread counts, models and batch sizes (as product token counts) the run used (in this JVM, after every fork and the
     * agreement check are done, so nothing else computes) and adds it to {@code env.json}; or records there why not.
     *
     * @return the calibration's wall time in nanoseconds, 0 when skipped
     */
    private long calibrate(List<Map<String, String>> ran, RunFolder folder, boolean calibration) {
        long start = System.nanoTime();
        try {
            if (!calibration) {
                folder.writeCalibrationAbsent(NO_CALIBRATION + " was given");
                return 0;
            }
            Set<Integer> threads = new TreeSet<>();
            Set<String> models = new LinkedHashSet<>();
            Set<Integer> batchSizes = new TreeSet<>();
            Set<GgufPrecision> llamaCppPrecisions = new TreeSet<>();
            for (Map<String, String> params : ran) {
                String batchSize = params.get("batchSize");
                if (batchSize != null && batchSize.matches("[1-9][0-9]{0,3}")) {
                    batchSizes.add(Integer.parseInt(batchSize));
                }
                String threadCount = params.get("threads");
                if (threadCount != null && threadCount.matches("[1-9][0-9]{0,3}")) {
                    threads.add(Integer.parseInt(threadCount));
                }
                String framework = params.get("framework");
                String model = params.get("model");
                if (model != null && (DjlPytorchEngine.FRAMEWORK.equals(framework) || LlamaCppEngine.FRAMEWORK.equals(framework))) {
                    models.add(model);
                }
                if (LlamaCppEngine.FRAMEWORK.equals(framework)) {
                    GgufPrecision.byLabel(params.getOrDefault("precision", GgufPrecision.F32.label())).ifPresent(llamaCppPrecisions::add);
                }
            }
            if (threads.isEmpty()) {
                threads.add(1);
            }
            // llama.cpp's products at the precisions its rows ran (none when it did not run)
            Calibrator.Builder builder = Calibrator.builder().optThreads(List.copyOf(threads)).optLlamaCppPrecisions(List.copyOf(llamaCppPrecisions));
            if (!batchSizes.isEmpty()) {
                // The framework limit of a row is the products at its own batch size, so measure the run's sizes.
                builder.optProductTokens(List.copyOf(batchSizes));
            }
            for (String model : models) {
                try {
                    builder.optModel(Calibrator.NamedModel.resolve(model));
                } catch (IOException | RuntimeException e) {
                    problems.accept("framework limit of " + model + " not measured: " + e.getMessage());
                }
            }
            Calibration measured = builder.build().measure();
            folder.writeCalibration(measured.toJson());
        } catch (IOException | RuntimeException | LinkageError e) {
            problems.accept("calibration not measured: " + e.getMessage());
            try {
                folder.writeCalibrationAbsent("the calibration failed: " + e.getMessage());
            } catch (IOException | RuntimeException ignored) {
                // env.json itself cannot be written: the report says there is no calibration
            }
        }
        return System.nanoTime() - start;
    }

    /**
     * Agreement of each llama.cpp and jlama workload that ran (model, precision, prompt, new tokens) with djl-pytorch:
     * djl-pytorch's reference computed once per model and prompt, jlama's checks from a Java 17-20 JVM in one child JVM.
     */
    private List<Agreement> agreement(List<Map<String, String>> ran) {
        Set<AgreementCheck.Check> checks = new LinkedHashSet<>();
        for (Map<String, String> params : ran) {
            if (LlamaCppEngine.FRAMEWORK.equals(params.get("framework")) || JlamaProvider.FRAMEWORK.equals(params.get("framework"))) {
                try {
                    checks.add(new AgreementCheck.Check(params.get("framework"), params.get("model"), params.get("precision"),
                            Integer.parseInt(params.get("promptTokens")), Integer.parseInt(params.get("newTokens"))));
                } catch (NumberFormatException e) {
                    problems.accept("agreement of " + params + " not measured: " + e.getMessage());
                }
            }
        }
        return AgreementCheck.vsDjl(List.copyOf(checks), (check, e) -> problems.accept("agreement of " + List.of(check.model(),
                check.precision(), Integer.toString(check.promptTokens()), Integer.toString(check.newTokens()), check.framework())
                + " not measured: " + e.getMessage()));
    }

    /**
     * The suite's configurations without jlama's when no Java 21+ JVM is found for its forks and the command line did
     * not ask for a framework (the suite did): left out with a note, as {@link SuiteRunner} does for a single run. A
     * jlama the command line asks for stays, and its runs fail with the one-line reason.
     */
    private List<Configuration> withoutUnrunnableJlama(List<Configuration> configurations, boolean frameworkAsked) {
        if (frameworkAsked || configurations.stream().noneMatch(c -> JlamaProvider.FRAMEWORK.equals(c.params().get("framework")))) {
            return configurations;
        }
        try {
            JlamaRuntime.forkJava();
            return configurations;
        } catch (IllegalArgumentException e) {
            problems.accept("jlama left out of the default suite: " + e.getMessage());
            return configurations.stream().filter(c -> !JlamaProvider.FRAMEWORK.equals(c.params().get("framework"))).toList();
        }
    }

    /** The parameters of every configuration that ran, by name. */
    private static List<Map<String, String>> params(SuiteRunner.Completed completed) {
        List<Map<String, String>> ran = new ArrayList<>();
        for (RunResult result : completed.results()) {
            Map<String, String> params = new java.util.LinkedHashMap<>();
            for (String name : result.getParams().getParamsKeys()) {
                params.put(name, result.getParams().getParam(name));
            }
            ran.add(params);
        }
        return ran;
    }

    /**
     * What a run of the suite as a sweep produced.
     *
     * @param index         the sweep's index: every run, done or failed
     * @param comparison    the report's comparison (its summary and scaling views), if the report could be made
     * @param agreement     the agreement rows measured (empty when skipped or llama.cpp did not run)
     * @param agreementFile where they were written, if they were
     * @param reportFile    the Markdown report, if written (HTML, CSV, JSON and charts beside it)
     * @param phases        wall time of each phase
     */
    public record SweepOutcome(SweepIndex index, Optional<Comparison> comparison, List<Agreement> agreement, Optional<Path> agreementFile,
                               Optional<Path> reportFile, Phases phases) {
    }

    /**
     * Wall nanoseconds of the phases of a run of the suite as a sweep, so that its wall time explains itself.
     *
     * @param runsNanos        every configuration's runs, JVM starts included (planning and the index too)
     * @param agreementNanos   the agreement check, 0 when skipped
     * @param calibrationNanos the calibration (with the machine facts written beside it), 0 when skipped
     * @param reportNanos      the rounds' views and the report in every format, charts included
     */
    public record Phases(long runsNanos, long agreementNanos, long calibrationNanos, long reportNanos) {

        /** The sum of the phases. */
        public long totalNanos() {
            return runsNanos + agreementNanos + calibrationNanos + reportNanos;
        }

        /** {@code runs 170.2 s, agreement 6.1 s, calibration 4.3 s, report 3.0 s; total 183.6 s}. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "runs %.1f s, agreement %.1f s, calibration %.1f s, report %.1f s; total %.1f s",
                    runsNanos / 1e9, agreementNanos / 1e9, calibrationNanos / 1e9, reportNanos / 1e9, totalNanos() / 1e9);
        }
    }

    /**
     * Runs the suite as a sweep into {@code runFolder} (a sweep folder): every configuration of the suite, with the
     * command line's parameter values, once per round in seeded orders, each run's JMH forks started from this JVM; then
     * agreement and calibration as {@link #run} does (written at the folder's top, which every round's view reads), then
     * the report of the rounds pooled, the rounds being the replicates.
     *
     * @param arguments the command line, taken apart by {@link SuiteRunner#defaultSuite}
     * @param rounds    how many rounds
     * @param timeout   the longest one run may take: past it its fork is killed and the run recorded as failed
     * @param progress  hears about every run
     */
    public SweepOutcome runSweep(SuiteRunner.DefaultSuiteArguments arguments, Path runFolder, int rounds, java.time.Duration timeout,
                                 boolean agreement, boolean calibration, SweepProgress progress) throws IOException, InterruptedException {
        long startNanos = System.nanoTime();
        List<Configuration> configurations = withoutUnrunnableJlama(SuiteSweep.configurations(suite, arguments.overrides()),
                arguments.overrides().containsKey("framework"));
        JmhSettings jmh = new JmhSettings(arguments.forks().orElse(SuiteSweep.JMH.forks()),
                arguments.warmupIterations().orElse(SuiteSweep.JMH.warmupIterations()),
                arguments.measurementIterations().orElse(SuiteSweep.JMH.measurementIterations()), java.util.OptionalLong.empty());
        SweepRunner.Planned planned = SuiteSweep.plan(configurations, jmh, rounds, SuiteSweep.SEED, timeout);
        SweepFolder sweepFolder = new SweepFolder(runFolder);
        SweepRunner.Outcome outcome = new SweepRunner(new InProcessConfigurationRunner(arguments.rest()), progress, System::nanoTime)
                .run(planned, sweepFolder);
        long runsNanos = System.nanoTime() - startNanos;
        RunFolder top = RunFolder.at(runFolder);
        List<Map<String, String>> ran = new ArrayList<>();
        Set<String> done = new java.util.HashSet<>();
        outcome.index().runs().stream().filter(r -> r.status() == RunStatus.DONE).forEach(r -> done.add(r.key().substring(0, r.key().lastIndexOf('/'))));
        configurations.stream().filter(c -> done.contains(c.id())).forEach(c -> ran.add(c.params()));
        long agreementStart = System.nanoTime();
        List<Agreement> rows = agreement ? agreement(ran) : List.of();
        Optional<Path> agreementFile = Optional.empty();
        if (!rows.isEmpty()) {
            try {
                AgreementFile.write(top.agreementFile(), rows);
                agreementFile = Optional.of(top.agreementFile());
            } catch (IOException e) {
                problems.accept("cannot write " + top.agreementFile() + ": " + e.getMessage());
            }
        }
        long agreementNanos = agreement ? System.nanoTime() - agreementStart : 0;
        long calibrationStart = System.nanoTime();
        if (!done.isEmpty()) {
            // the calibration lands in the folder's env.json, which every round's view reads before its runs' own
            top.writeEnvironment(dev.tokenbench.measure.EnvironmentFacts.collect());
            calibrate(ran, top, calibration);
        }
        long calibrationNanos = done.isEmpty() || !calibration ? 0 : System.nanoTime() - calibrationStart;
        long reportStart = System.nanoTime();
        Optional<Comparison> comparison = done.isEmpty() ? Optional.empty() : writeSweepReport(runFolder, problems);
        Optional<Path> reportFile = comparison.map(c -> runFolder.resolve(ReportFormat.MARKDOWN.fileName()));
        long reportNanos = System.nanoTime() - reportStart;
        return new SweepOutcome(outcome.index(), comparison, rows, agreementFile, reportFile,
                new Phases(runsNanos, agreementNanos, calibrationNanos, reportNanos));
    }

    /**
     * Writes the report of a sweep folder's rounds pooled (the rounds' views first) into the folder, as {@code report DIR}
     * on it does: report.md, report.html, report.csv, report.json and charts/.
     *
     * @return the comparison rendered; empty (with the reason sent to {@code problems}) when the report could not be made
     */
    public static Optional<Comparison> writeSweepReport(Path sweepFolder, Consumer<String> problems) {
        try {
            List<Path> roundFolders = RoundViews.write(sweepFolder);
            Comparison compared = Reports.compareSources(List.of(ReportSource.sweep(sweepFolder, roundFolders)), Optional.empty());
            Reports.generateReport(compared, sweepFolder, EnumSet.allOf(ReportFormat.class));
            return Optional.of(compared);
        } catch (IOException | RuntimeException e) {
            problems.accept("report not written: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the run's report beside its JSON results; a run whose report cannot be made still succeeds. */
    private Optional<Path> report(SuiteRunner.Completed completed) {
        if (!isJson(completed.resultsFile())) {
            return Optional.empty();
        }
        Path folder = completed.resultsFile().toAbsolutePath().getParent();
        try {
            Comparison comparison = Reports.compareFiles(List.of(completed.resultsFile()), Optional.empty());
            Reports.generateReport(comparison, folder, EnumSet.allOf(ReportFormat.class));
            return Optional.of(completed.resultsFile().resolveSibling(ReportFormat.MARKDOWN.fileName()));
        } catch (IOException | RuntimeException e) {
            problems.accept("report not written: " + e.getMessage());
            return Optional.empty();
        }
    }
}
