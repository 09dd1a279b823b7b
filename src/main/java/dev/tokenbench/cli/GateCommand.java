package dev.tokenbench.cli;

import dev.tokenbench.gate.Baselines;
import dev.tokenbench.gate.CalibrationScale;
import dev.tokenbench.gate.Gate;
import dev.tokenbench.gate.GateBenchmarkExport;
import dev.tokenbench.gate.GateInput;
import dev.tokenbench.gate.GateInputException;
import dev.tokenbench.gate.GateJUnitXml;
import dev.tokenbench.gate.GateMarkdown;
import dev.tokenbench.gate.GateResult;
import dev.tokenbench.gate.GateRuns;
import dev.tokenbench.gate.GateSettings;
import dev.tokenbench.gate.GateThresholds;
import dev.tokenbench.gate.JarComparison;
import dev.tokenbench.gate.ProcessRunLauncher;
import dev.tokenbench.gate.RoundPlan;
import dev.tokenbench.measure.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gate}: compares a current run with a baseline and fails on a significant regression; a thin layer over {@link Gate}. */
@Command(name = "gate", description = {
    "Compares a current run with a baseline per workload and figure and fails on a significant regression.",
    "A figure regresses when the difference is significant at --alpha AND the ratio current/baseline is worse than its threshold;"
            + " improvements likewise; too few replicates, a figure on one side only or different machines are inconclusive.",
    "From disk: --baseline PATH... --current PATH (run folders or JMH JSON; several baselines are pooled; Welch's t-test on iterations).",
    "Running both jars: --baseline-jar OLD.jar --current-jar NEW.jar [--rounds R] [--duet] [-- SUITE OPTIONS]: R rounds, each running"
            + " the suite once with each jar in a seeded random order (--duet: both at once, each pinned to its own core); the paired t-test"
            + " on per-round log ratios. This is the mode for CI: sequential runs drift by more than the changes worth catching.",
    "",
    "Examples:",
    "  java -jar target/benchmarks.jar gate --baseline results/runs/A --current results/runs/B --junit gate.xml",
    "  java -jar target/benchmarks.jar gate --save-baseline main --current results/runs/A   (then: gate --baseline main --current ...)",
    "  java -jar target/benchmarks.jar gate --baseline-jar base.jar --current-jar target/benchmarks.jar --rounds 10 --"
            + " GenerationLatencyBenchmark -p framework=djl-pytorch -p model=tiny -p promptTokens=32 -p newTokens=32 -wi 2 -i 5",
    "",
}, exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
    "0:no regression (improvements and inconclusive figures included)",
    "1:a run of --baseline-jar or --current-jar failed",
    "2:bad input: unknown option, malformed threshold or alpha, missing or empty file, no common workload, not a tokenbench jar;"
            + " nothing is written",
    "3:a significant regression beyond its threshold, or a baseline workload missing from the current run",
})
final class GateCommand implements Callable<Integer> {

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Option(names = "--baseline", paramLabel = "PATH|NAME", description = "Baseline run folder, JMH JSON file or saved baseline's name;"
            + " repeat for a history (pooled per workload).")
    List<String> baselines = new ArrayList<>();

    @Option(names = "--save-baseline", paramLabel = "NAME", description = "Save --current as baseline NAME (replacing one of that name),"
            + " atomically, under --baselines-dir; compares nothing.")
    String saveBaseline;

    @Option(names = "--baselines-dir", paramLabel = "DIR", description = "Where saved baselines live (default: ${DEFAULT-VALUE}).")
    Path baselinesDir = Baselines.DEFAULT_ROOT;

    @Option(names = "--current", paramLabel = "PATH", description = "The current run folder or JMH JSON file.")
    List<Path> current = new ArrayList<>();

    @Option(names = "--baseline-jar", paramLabel = "JAR", description = "Run the comparison: the base commit's tokenbench jar.")
    Path baselineJar;

    @Option(names = "--current-jar", paramLabel = "JAR", description = "Run the comparison: the tokenbench jar under test.")
    Path currentJar;

    @Option(names = "--rounds", paramLabel = "R", description = "Rounds of a jar comparison, each one pair of runs (default: ${DEFAULT-VALUE}).")
    int rounds = 10;

    @Option(names = "--duet", description = "Run both jars of a round at the same time, each pinned to its own core with taskset.")
    boolean duet;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the rounds' random order (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where a jar comparison writes its rounds (default: results/gate/<UTC time>).")
    Path workDir;

    @Option(names = "--baseline-arg", paramLabel = "ARG", description = "An extra argument for the baseline jar's runs only (repeatable).")
    List<String> baselineArgs = new ArrayList<>();

    @Option(names = "--current-arg", paramLabel = "ARG", description = "An extra argument for the current jar's runs only (repeatable),"
            + " e.g. --current-arg=-jvmArgsAppend --current-arg=-XX:+UseParallelGC.")
    List<String> currentArgs = new ArrayList<>();

    @Option(names = "--current-param", paramLabel = "NAME=VALUE", description = "A workload parameter the current jar's runs take in place of"
            + " the suite's single value (-p NAME=VALUE after --), their rows still paired with the baseline's; e.g. the fake engine paced"
            + " 30%% slower: --current-param model=timing:26ms/65us/2600us with -p model=timing:20ms/50us/2ms.")
    List<String> currentParams = new ArrayList<>();

    @Parameters(paramLabel = "SUITE", description = "After --: the suite both jars run (benchmark regex and JMH options; -f 1 unless given).")
    List<String> suite = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "FIGURE=PCT", description = "How much worse a figure may get, in percent, e.g. ttft.p50=10;"
            + " replaces a default or gates another figure (defaults: output.tokens_per_s, ttft.p50, itl.mean, rss.peak at 5% each).")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--alpha", paramLabel = "A", description = "Significance level of every test, in (0, 1) (default: ${DEFAULT-VALUE}).")
    double alpha = GateSettings.DEFAULT_ALPHA;

    @Option(names = "--min-replicates", paramLabel = "K", description = "Fewest replicates (rounds, or iterations per side) for a verdict (default: ${DEFAULT-VALUE}).")
    int minReplicates = GateSettings.DEFAULT_MIN_REPLICATES;

    @Option(names = "--normalize", paramLabel = "calibration", description = "Compare runs from different machines (--baseline/--current)"
            + " after scaling each by the calibration in its env.json: rates by the machine's stream bandwidth (decode-bound figures) or GEMM"
            + " peak (prefill-bound), times inversely, memory raw; without it they are inconclusive. Runs from one machine are compared raw.")
    String normalize;

    @Option(names = "--allow-missing", description = "A baseline workload missing from the current run does not fail the gate.")
    boolean allowMissing;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML: one test case per workload and figure.")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the result as Markdown (also appended to $GITHUB_STEP_SUMMARY when set).")
    Path markdown;

    @Option(names = "--github-benchmark", paramLabel = "DIR", description = "Write github-action-benchmark's customBiggerIsBetter.json and"
            + " customSmallerIsBetter.json into DIR.")
    Path githubBenchmark;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GateResult result;
        try {
            if (saveBaseline != null) {
                return save(out);
            }
            GateSettings settings = GateSettings.of(GateThresholds.parse(thresholds), alpha, minReplicates, allowMissing);
            if (normalize != null && !normalize.equals(CalibrationScale.CALIBRATION)) {
                throw new GateInputException("--normalize " + normalize + ": the one normalization is 'calibration' (--normalize calibration)");
            }
            GateInput input;
            if (baselineJar != null || currentJar != null) {
                input = compareJars(out);
            } else {
                input = compareRuns();
            }
            result = Gate.evaluate(input, settings);
        } catch (GateInputException e) {
            err.println("tokenbench gate: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("tokenbench gate: " + (saveBaseline != null ? "cannot save the baseline: " : "a run failed: ") + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("tokenbench gate: interrupted");
            return ExitCodes.FAILURE;
        }
        out.println();
        out.print(GateTable.render(result));
        try {
            writeOutputs(result, out);
        } catch (IOException e) {
            err.println("tokenbench gate: cannot write the outputs: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        return result.failed() ? ExitCodes.REGRESSION : ExitCodes.OK;
    }

    private GateInput compareRuns() throws GateInputException {
        if (!suite.isEmpty()) {
            throw new GateInputException("unexpected arguments " + String.join(" ", suite)
                    + ": suite options belong to --baseline-jar/--current-jar comparisons");
        }
        if (baselines.isEmpty() || current.isEmpty()) {
            throw new GateInputException("give --baseline PATH... and --current PATH, or --baseline-jar JAR and --current-jar JAR");
        }
        if (current.size() > 1) {
            throw new GateInputException("--current: give one run (got " + current.size() + "); pool histories on the --baseline side");
        }
        Baselines store = new Baselines(baselinesDir);
        List<Path> baselinePaths = new ArrayList<>();
        for (String baseline : baselines) {
            Path path = Path.of(baseline);
            if (!Files.exists(path)) {
                if (!Baselines.isName(baseline)) {
                    throw new GateInputException("--baseline " + baseline + ": no such file or run folder");
                }
                path = store.resolve(baseline).orElseThrow(() -> new GateInputException("--baseline " + baseline
                        + ": no such file, run folder or saved baseline (" + baselinesDir.resolve(baseline)
                        + "); save one with gate --save-baseline " + baseline + " --current RUN"));
            }
            baselinePaths.add(path);
        }
        GateRuns baselineRuns = GateRuns.read(baselinePaths, "--baseline");
        GateRuns currentRuns = GateRuns.read(current, "--current");
        Optional<String> difference = GateRuns.machineDifference(baselineRuns, currentRuns);
        if (normalize == null || difference.isEmpty()) {
            return GateRuns.independent(baselineRuns, currentRuns);
        }
        CalibrationScale scale = CalibrationScale.to(baselinePaths.get(0), "--baseline");
        return GateRuns.normalized(GateRuns.read(baselinePaths, "--baseline", List.of(), Optional.of(scale)),
                GateRuns.read(current, "--current", List.of(), Optional.of(scale)), scale.describe(difference.get()));
    }

    private int save(PrintWriter out) throws GateInputException, IOException {
        if (current.size() != 1 || !baselines.isEmpty() || baselineJar != null || currentJar != null || normalize != null) {
            throw new GateInputException("--save-baseline " + saveBaseline + ": give exactly one --current RUN and nothing to compare");
        }
        Path saved = new Baselines(baselinesDir).save(saveBaseline, current.get(0));
        out.println("gate: saved " + current.get(0) + " as baseline " + saveBaseline + " (" + saved + ")");
        return ExitCodes.OK;
    }

    private GateInput compareJars(PrintWriter out) throws GateInputException, IOException, InterruptedException {
        if (baselineJar == null || currentJar == null) {
            throw new GateInputException(baselineJar == null ? "--current-jar needs --baseline-jar" : "--baseline-jar needs --current-jar");
        }
        if (!baselines.isEmpty() || !current.isEmpty()) {
            throw new GateInputException("--baseline/--current compare runs on disk, --baseline-jar/--current-jar run them: give one pair");
        }
        if (normalize != null) {
            throw new GateInputException("--normalize: --baseline-jar/--current-jar run both jars on this machine, so there is nothing to"
                    + " normalize; drop --normalize (it is for --baseline/--current runs from different machines)");
        }
        if (rounds < 2) {
            throw new GateInputException("--rounds " + rounds + ": a paired test needs at least 2 rounds; give " + minReplicates + " or more");
        }
        JarComparison.checkJar(baselineJar, "--baseline-jar");
        JarComparison.checkJar(currentJar, "--current-jar");
        if (duet && Runtime.getRuntime().availableProcessors() < 2) {
            throw new GateInputException("--duet: needs 2 cores (one per jar), this machine has " + Runtime.getRuntime().availableProcessors()
                    + "; drop --duet for interleaved rounds");
        }
        List<String> suiteArguments = new ArrayList<>(suite);
        if (!suiteArguments.contains("-f")) {
            suiteArguments.add("-f");
            suiteArguments.add("1");
        }
        Path dir = workDir != null ? workDir : Path.of("results", "gate", FOLDER_TIME.format(Instant.now()));
        RoundPlan plan = RoundPlan.of(rounds, duet, seed);
        out.println("gate: " + rounds + (duet ? " duet" : " interleaved") + " rounds (seed " + seed + ") in " + dir);
        out.flush();
        List<GateRuns.ParamOverride> overrides = JarComparison.overrides(suiteArguments, currentParams);
        return JarComparison.run(new JarComparison.Options(baselineJar, currentJar, plan, suiteArguments, baselineArgs, currentArgs, overrides, dir),
                new ProcessRunLauncher(), line -> {
                    out.println("gate: " + line);
                    out.flush();
                });
    }

    /** Renders every output first, then writes each atomically, so that a rendering error writes nothing. */
    private void writeOutputs(GateResult result, PrintWriter out) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        String md = GateMarkdown.render(result);
        if (markdown != null) {
            files.put(markdown, md);
        }
        if (junit != null) {
            files.put(junit, GateJUnitXml.render(result));
        }
        if (githubBenchmark != null) {
            files.put(githubBenchmark.resolve(GateBenchmarkExport.BIGGER_IS_BETTER_FILE), GateBenchmarkExport.render(result, true));
            files.put(githubBenchmark.resolve(GateBenchmarkExport.SMALLER_IS_BETTER_FILE), GateBenchmarkExport.render(result, false));
        }
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Path parent = file.getKey().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.writeString(file.getKey(), file.getValue());
            out.println("gate: wrote " + file.getKey());
        }
        if (GateMarkdown.appendToStepSummary(System.getenv(GateMarkdown.STEP_SUMMARY_VARIABLE), md)) {
            out.println("gate: appended to $" + GateMarkdown.STEP_SUMMARY_VARIABLE);
        }
    }
}
