package dev.tokenbench.jmh.host;

import dev.tokenbench.engine.jlama.JlamaRuntime;
import dev.tokenbench.jmh.EngineState;
import dev.tokenbench.jmh.MemoryProfiler;
import dev.tokenbench.jmh.ParamCheck;
import dev.tokenbench.jmh.TokenTimingProfiler;
import dev.tokenbench.jmh.WorkloadParams;
import dev.tokenbench.measure.AtomicFiles;
import dev.tokenbench.measure.FolderLock;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.measure.EnvironmentFacts;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH the tokenbench way: every JMH option as JMH's own launcher takes it, plus our defaults.
 *
 * <ul>
 *   <li>Without a benchmark pattern it runs the {@linkplain Suite#DEFAULT default suite}; {@code -p} values
 *       replace the suite's values of the parameters they name. With a pattern it runs what JMH would.</li>
 *   <li>The token-timing and memory profilers are always on ({@code -prof tokens} and {@code -prof memory}
 *       are accepted as short names); forks get {@value EngineState#DJL_OFFLINE} and
 *       {@value EngineState#FORK_HEAP} before any {@code -jvmArgsAppend} of the user.</li>
 *   <li>Results go to one file for the whole run: {@code -rff} if given, else {@code jmh.<format>} in the run
 *       folder, in {@code -rf}'s format (JSON by default). Beside it ({@link RunFolder}): the machine facts JMH's
 *       JSON lacks, the raw samples, and the
 *       configurations that produced no result, which JMH's JSON omits, with the one-line reason).</li>
 *   <li>Parameters are checked before any fork starts: an unknown name, framework, model or precision, or a
 *       non-positive count, fails at once with the valid values ({@link IllegalArgumentException}).</li>
 *   <li>{@code jlama} configurations run in a JMH runner of their own whose forks use a Java 21+ {@code java}
 *       ({@link JlamaRuntime#forkJava()}, chosen before any fork starts, or one line saying how to name one) with the
 *       JVM options Jlama needs; every other framework keeps running on the forks' usual JVM.</li>
 * </ul>
 */
public final class SuiteRunner {

    private static final Map<String, String> PROFILER_SHORT_NAMES = Map.of(
            TokenTimingProfiler.SHORT_NAME, TokenTimingProfiler.class.getName(),
            MemoryProfiler.SHORT_NAME, MemoryProfiler.class.getName());
    private static final List<String> FORK_JVM_ARGS = List.of(EngineState.DJL_OFFLINE, EngineState.FORK_HEAP);

    private final PrintStream jmhOut;
    private final List<SuiteEntry> suite;

    /**
     * @param jmhOut where JMH's own progress and tables go (unless {@code -o} names a file)
     * @param suite  what runs without a benchmark pattern
     */
    public SuiteRunner(PrintStream jmhOut, List<SuiteEntry> suite) {
        this.jmhOut = Objects.requireNonNull(jmhOut, "jmhOut");
        this.suite = List.copyOf(suite);
    }

    /** What a call did. */
    public sealed interface Outcome permits Informational, Completed {
    }

    /** JMH printed help or a list ({@code -h}, {@code -l}, {@code -lp}, {@code -lprof}, {@code -lrf}); nothing ran. */
    public record Informational() implements Outcome {
    }

    /**
     * The benchmarks ran.
     *
     * @param results                 every configuration that completed, in run order
     * @param resultsFile             JMH's results file
     * @param environmentFile         the environment facts
     * @param samplesFile             the raw samples sidecar
     * @param failuresFile            the configurations that produced no result, with JMH's reason (a JSON array)
     * @param expectedConfigurations  configurations planned; more than {@code results} means some failed
     */
    public record Completed(List<RunResult> results, Path resultsFile, Path environmentFile, Path samplesFile, Path failuresFile,
                            int expectedConfigurations) implements Outcome {
        /** Configurations that did not complete (JMH printed why). */
        public int failedConfigurations() {
            return Math.max(0, expectedConfigurations - results.size());
        }
    }

    /**
     * One JMH run: include patterns, the parameter values set where the command line is silent, the values set over
     * the command line's, and the {@code java} its forks run on when not the default.
     */
    record Plan(List<String> includes, Map<String, List<String>> params, Map<String, List<String>> forced,
                Optional<JlamaRuntime.ForkJava> jvm) {

        Plan(List<String> includes, Map<String, List<String>> params) {
            this(includes, params, Map.of(), Optional.empty());
        }
    }

    /**
     * Parses {@code args} as JMH's launcher does and runs them.
     *
     * @param args      JMH command-line arguments
     * @param runFolder where results go unless {@code -rff} says otherwise; created only if something runs
     * @throws IllegalArgumentException for bad options or parameter values, before anything runs
     * @throws RunnerException          if JMH fails as a whole
     */
    public Outcome run(List<String> args, Path runFolder) throws RunnerException, IOException {
        return run(args, runFolder, completed -> { });
    }

    /**
     * As {@link #run(List, Path)}, then {@code afterForks} while the run still holds its folder.
     */
    public Outcome run(List<String> args, Path runFolder, AfterForks afterForks) throws RunnerException, IOException {
        CommandLineOptions options = parse(args);
        Optional<Outcome> informational = informational(options);
        if (informational.isPresent()) {
            return informational.get();
        }
        List<Plan> plans = withJlamaForks(plans(options), options, JlamaRuntime::forkJava,
                note -> jmhOut.println("tokenbench: " + note));
        int expected = check(options, paramNames(args), plans);
        ResultFormatType format = options.getResultFormat().orElse(ResultFormatType.JSON);
        Path resultsFile = options.getResult().hasValue()
                ? Path.of(options.getResult().get())
                : RunFolder.at(runFolder).resultsFile(format.name().toLowerCase(Locale.ROOT));
        RunFolder folder = RunFolder.containing(resultsFile);
        // The folder is taken before any fork starts: a read-only folder or another run writing into it fails here.
        try (FolderLock lock = folder.lock()) {
            lock.interruptedHolder().ifPresent(holder -> jmhOut.println("tokenbench: note: " + folder.interruptedNote(holder)
                    + "; this run writes over them"));
            Completed completed = runLocked(options, args, plans, expected, format, resultsFile, folder);
            afterForks.accept(completed);
            return completed;
        }
    }

    /** Work done in the run folder after the forks, while the run still holds it (agreement, calibration, report). */
    @FunctionalInterface
    public interface AfterForks {
        void accept(Completed completed) throws IOException;
    }

    private Completed runLocked(CommandLineOptions options, List<String> args, List<Plan> plans, int expected, ResultFormatType format,
                                Path resultsFile, RunFolder folder) throws RunnerException, IOException {
        if (options.getForkCount().orElse(1) == 0) {
            jmhOut.println("tokenbench: warning: -f 0 runs every configuration inside this JVM: memory figures then mix"
                    + " configurations and the harness shares the JVM with the engine");
        }
        folder.writeEnvironment(EnvironmentFacts.collect());

        // The runners see the command line without its output files: this class writes one results file for all of
        // them, and one log (JMH's runner would truncate it per run and close the stream it was given).
        CommandLineOptions forRunners = parse(withoutOutputFiles(args));
        List<RunResult> results = new ArrayList<>();
        List<FailureRecorder.Failure> failures = new ArrayList<>();
        PrintStream logFile = options.getOutput().hasValue() ? openLog(options.getOutput().get()) : null;
        try {
            PrintStream progress = unclosable(logFile != null ? logFile : jmhOut);
            for (Plan plan : plans) {
                List<RunResult> finishedInPlan = new ArrayList<>();
                // Each configuration is saved the moment it finishes, so a run killed later keeps it.
                FailureRecorder recorder = new FailureRecorder(
                        OutputFormatFactory.createFormatInstance(progress, options.verbosity().orElse(Defaults.VERBOSITY)),
                        (finished, failedInPlan) -> {
                            finishedInPlan.add(finished);
                            List<RunResult> soFar = new ArrayList<>(results);
                            soFar.addAll(finishedInPlan);
                            List<FailureRecorder.Failure> failedSoFar = new ArrayList<>(failures);
                            failedSoFar.addAll(failedInPlan);
                            try {
                                writeResults(folder, resultsFile, format, soFar, failedSoFar);
                            } catch (IOException | RuntimeException e) {
                                progress.println("tokenbench: warning: cannot save the finished configurations yet ("
                                        + e.getMessage() + "); trying again after the next one");
                            }
                        });
                results.addAll(new Runner(options(forRunners, plan), recorder).run());
                failures.addAll(recorder.failures());
            }
        } finally {
            if (logFile != null) {
                logFile.close();
            }
        }
        try {
            writeResults(folder, resultsFile, format, results, failures);
        } catch (IOException e) {
            throw new IOException(resultsFile + ": cannot write the results (" + e.getMessage() + "); nothing is left half-written,"
                    + " JMH printed every figure above", e);
        }
        return new Completed(List.copyOf(results), resultsFile, folder.environmentFile(), folder.samplesFile(), folder.failuresFile(), expected);
    }

    /** Writes the results file, the samples and the failures, each atomically: whole, or as they were. */
    private static void writeResults(RunFolder folder, Path resultsFile, ResultFormatType format, List<RunResult> results,
                                     List<FailureRecorder.Failure> failures) throws IOException {
        AtomicFiles.write(resultsFile, out -> {
            IOException[] failure = new IOException[1];
            java.io.OutputStream remembering = new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    try {
                        out.write(bytes, offset, length);
                    } catch (IOException e) {
                        failure[0] = failure[0] == null ? e : failure[0];
                        throw e;
                    }
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            // JMH's writers print to a PrintStream, which swallows write errors: they are taken back here.
            PrintStream print = new PrintStream(remembering, false, StandardCharsets.UTF_8);
            ResultFormatFactory.getInstance(format, print).writeOut(results);
            print.flush();
            if (failure[0] != null) {
                throw failure[0];
            }
            if (print.checkError()) {
                throw new IOException(resultsFile + ": cannot write the results");
            }
        });
        folder.writeSamples(SampleLines.of(results));
        FailureRecorder.write(folder.failuresFile(), failures);
    }

    /**
     * A command line that runs the default suite, taken apart so that the suite can run as a sweep: the values of the
     * workload parameters it names, the counts it sets, and every other option to pass on to each run.
     *
     * @param overrides             values of workload parameters given with {@code -p}
     * @param forks                 {@code -f}, if given
     * @param warmupIterations      {@code -wi}, if given
     * @param measurementIterations {@code -i}, if given
     * @param rest                  every other argument, in order
     */
    public record DefaultSuiteArguments(Map<String, List<String>> overrides, java.util.OptionalInt forks, java.util.OptionalInt warmupIterations,
                                        java.util.OptionalInt measurementIterations, List<String> rest) {
    }

    /**
     * The parts of {@code args} when they run the default suite; empty when they name a benchmark pattern, ask for
     * information ({@code -h}, {@code -l}...) or name output files ({@code -rf}, {@code -rff}, {@code -o}), which run as
     * one JMH invocation.
     *
     * @throws IllegalArgumentException for bad options or unknown parameter names
     */
    public static Optional<DefaultSuiteArguments> defaultSuite(List<String> args) {
        CommandLineOptions options = parse(args);
        if (!options.getIncludes().isEmpty() || options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListProfilers() || options.shouldListResultFormats() || options.getResult().hasValue()
                || options.getResultFormat().hasValue() || options.getOutput().hasValue()) {
            return Optional.empty();
        }
        ParamCheck.checkNames(paramNames(args));
        Map<String, List<String>> overrides = new LinkedHashMap<>();
        for (String name : WorkloadParams.NAMES) {
            if (options.getParameter(name).hasValue()) {
                overrides.put(name, List.copyOf(options.getParameter(name).get()));
            }
        }
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean workloadParam = arg.equals("-p") && i + 1 < args.size() && args.get(i + 1).contains("=")
                    && WorkloadParams.NAMES.contains(args.get(i + 1).substring(0, args.get(i + 1).indexOf('=')).strip());
            if (workloadParam || (arg.equals("-f") || arg.equals("-wi") || arg.equals("-i")) && i + 1 < args.size()) {
                i++;
            } else {
                rest.add(arg);
            }
        }
        return Optional.of(new DefaultSuiteArguments(overrides, optionalInt(options.getForkCount()), optionalInt(options.getWarmupIterations()),
                optionalInt(options.getMeasurementIterations()), rest));
    }

    private static java.util.OptionalInt optionalInt(org.openjdk.jmh.util.Optional<Integer> value) {
        return value.hasValue() ? java.util.OptionalInt.of(value.get()) : java.util.OptionalInt.empty();
    }

    /** JMH's own parse, after our profiler short names are spelled out. */
    static CommandLineOptions parse(List<String> args) {
        String[] argv = args.toArray(new String[0]);
        for (int i = 0; i + 1 < argv.length; i++) {
            if (argv[i].equals("-prof")) {
                String value = argv[i + 1];
                int colon = value.indexOf(':');
                String name = colon < 0 ? value : value.substring(0, colon);
                if (PROFILER_SHORT_NAMES.containsKey(name)) {
                    argv[i + 1] = PROFILER_SHORT_NAMES.get(name) + (colon < 0 ? "" : value.substring(colon));
                }
            }
        }
        try {
            return new CommandLineOptions(argv);
        } catch (CommandLineOptionException e) {
            throw new IllegalArgumentException(e.getMessage() + " (JMH options: -h)", e);
        }
    }

    private Optional<Outcome> informational(CommandLineOptions options) throws IOException {
        if (options.shouldHelp()) {
            options.showHelp();
        } else if (options.shouldList()) {
            new Runner(options, OutputFormatFactory.createFormatInstance(unclosable(jmhOut), VerboseMode.NORMAL)).list();
        } else if (options.shouldListWithParams()) {
            new Runner(options, OutputFormatFactory.createFormatInstance(unclosable(jmhOut), VerboseMode.NORMAL)).listWithParams(options);
        } else if (options.shouldListProfilers()) {
            options.listProfilers();
        } else if (options.shouldListResultFormats()) {
            options.listResultFormats();
        } else {
            return Optional.empty();
        }
        return Optional.of(new Informational());
    }

    /** The default suite (with {@code -p} overrides, duplicates removed), or the user's own selection. */
    List<Plan> plans(CommandLineOptions options) {
        if (!options.getIncludes().isEmpty()) {
            return List.of(new Plan(List.of(), Map.of()));
        }
        Map<String, List<String>> overrides = new LinkedHashMap<>();
        for (String name : WorkloadParams.NAMES) {
            if (options.getParameter(name).hasValue()) {
                overrides.put(name, List.copyOf(options.getParameter(name).get()));
            }
        }
        Set<Plan> plans = new LinkedHashSet<>();
        for (SuiteEntry effective : SuiteEntry.effective(suite, overrides)) {
            plans.add(new Plan(List.of(effective.benchmark()), effective.params()));
        }
        return List.copyOf(plans);
    }

    /**
     * The plans with every {@code jlama} configuration moved into a plan of its own whose forks run on the Java 21+
     * {@code java} that {@code forkJava} names (asked once, and only when some plan runs jlama). A jlama that only the
     * suite asks for (the command line names no framework) is left out when no such JVM is found, with a note saying
     * why; one the command line asks for fails.
     *
     * @throws IllegalArgumentException from {@code forkJava}, in one line, when the command line asks for jlama and no
     *                                  Java 21+ JVM is found
     */
    static List<Plan> withJlamaForks(List<Plan> plans, CommandLineOptions options, Supplier<JlamaRuntime.ForkJava> forkJava,
                                     Consumer<String> notes) {
        List<Plan> split = new ArrayList<>();
        JlamaRuntime.ForkJava java = null;
        String unavailable = null;
        boolean asked = options.getParameter("framework").hasValue();
        for (Plan plan : plans) {
            List<String> frameworks = plan.forced().containsKey("framework") ? plan.forced().get("framework")
                    : asked ? List.copyOf(options.getParameter("framework").get())
                    : plan.params().getOrDefault("framework", List.of());
            if (frameworks.stream().noneMatch(JlamaRuntime::isJlama)) {
                split.add(plan);
                continue;
            }
            if (java == null && unavailable == null) {
                try {
                    java = forkJava.get();
                    notes.accept("jlama forks run on " + java.java() + " (Java " + java.feature() + ") with Jlama's pure-Java kernels"
                            + " (Vector API); its optional native library, jlama-native, is not used");
                } catch (IllegalArgumentException e) {
                    if (asked) {
                        throw e;
                    }
                    unavailable = e.getMessage();
                    notes.accept("jlama left out of the default suite: " + unavailable);
                }
            }
            if (java == null) {
                List<String> others = frameworks.stream().filter(f -> !JlamaRuntime.isJlama(f)).toList();
                if (!others.isEmpty()) {
                    split.add(new Plan(plan.includes(), plan.params(), withFramework(plan.forced(), others), plan.jvm()));
                }
                continue;
            }
            List<String> others = frameworks.stream().filter(f -> !JlamaRuntime.isJlama(f)).toList();
            if (!others.isEmpty()) {
                split.add(new Plan(plan.includes(), plan.params(), withFramework(plan.forced(), others), plan.jvm()));
            }
            split.add(new Plan(plan.includes(), plan.params(), withFramework(plan.forced(), List.of(frameworks.stream()
                    .filter(JlamaRuntime::isJlama).findFirst().orElseThrow())), Optional.of(java)));
        }
        return List.copyOf(split);
    }

    private static Map<String, List<String>> withFramework(Map<String, List<String>> forced, List<String> frameworks) {
        Map<String, List<String>> merged = new LinkedHashMap<>(forced);
        merged.put("framework", frameworks);
        return merged;
    }

    /**
     * Checks every plan's parameters against the benchmarks it selects, before anything runs.
     *
     * @return configurations the plans will run
     */
    private static int check(CommandLineOptions options, List<String> paramNames, List<Plan> plans) {
        int threads = options.getThreads().orElse(1);
        if (threads != 1) {
            throw new IllegalArgumentException("-t " + threads + ": tokenbench benchmarks serve one request at a time, so JMH threads must be 1;"
                    + " engine compute threads are the 'threads' parameter (-p threads=" + threads + ")");
        }
        ParamCheck.checkNames(paramNames);
        Map<String, List<String>> commandLine = new LinkedHashMap<>();
        for (String name : paramNames) {
            if (options.getParameter(name).hasValue()) {
                commandLine.put(name, List.copyOf(options.getParameter(name).get()));
            }
        }
        int modes = options.getBenchModes().isEmpty() ? 1 : options.getBenchModes().size();
        int configurations = 0;
        BenchmarkList list = BenchmarkList.defaultList();
        OutputFormat quiet = OutputFormatFactory.createFormatInstance(new PrintStream(PrintStream.nullOutputStream()), VerboseMode.SILENT);
        for (Plan plan : plans) {
            List<String> includes = new ArrayList<>(plan.includes());
            includes.addAll(options.getIncludes());
            SortedSet<BenchmarkListEntry> benchmarks = list.find(quiet, includes, options.getExcludes());
            if (benchmarks.isEmpty()) {
                throw new IllegalArgumentException("no benchmark matches " + String.join(" ", includes) + "; list them with -l");
            }
            for (BenchmarkListEntry benchmark : benchmarks) {
                Map<String, List<String>> grid = new LinkedHashMap<>();
                benchmark.getParams().orElse(Map.of()).forEach((name, values) -> grid.put(name, Arrays.asList(values)));
                if (!grid.keySet().containsAll(WorkloadParams.NAMES)) {
                    configurations += modes;
                    continue;
                }
                grid.putAll(plan.params());
                grid.putAll(commandLine);
                grid.putAll(plan.forced());
                ParamCheck.checkGrid(grid);
                int combinations = 1;
                for (List<String> values : grid.values()) {
                    combinations *= values.size();
                }
                configurations += combinations * modes;
            }
        }
        return configurations;
    }

    /** The names given with {@code -p NAME=VALUES} (JMH keeps its -p values by name only, without a list of names). */
    static List<String> paramNames(List<String> args) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String spec = null;
            if (args.get(i).equals("-p") && i + 1 < args.size()) {
                spec = args.get(++i);
            } else if (args.get(i).startsWith("-p") && args.get(i).contains("=") && !args.get(i).startsWith("-prof")) {
                spec = args.get(i).substring(2);
            }
            if (spec != null && spec.contains("=")) {
                String name = spec.substring(0, spec.indexOf('=')).strip();
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The options of one plan: the command line's, with our defaults where it is silent. */
    private static org.openjdk.jmh.runner.options.Options options(CommandLineOptions commandLine, Plan plan) {
        ChainedOptionsBuilder builder = new OptionsBuilder().parent(commandLine);
        for (String include : plan.includes()) {
            builder.include(include);
        }
        plan.params().forEach((name, values) -> {
            if (!commandLine.getParameter(name).hasValue()) {
                builder.param(name, values.toArray(new String[0]));
            }
        });
        plan.forced().forEach((name, values) -> builder.param(name, values.toArray(new String[0])));
        Set<String> profilers = new LinkedHashSet<>();
        commandLine.getProfilers().forEach(p -> profilers.add(p.getKlass()));
        for (String ours : List.of(TokenTimingProfiler.class.getName(), MemoryProfiler.class.getName())) {
            if (!profilers.contains(ours)) {
                builder.addProfiler(ours);
            }
        }
        List<String> jvmArgs = new ArrayList<>(FORK_JVM_ARGS);
        plan.jvm().ifPresent(java -> {
            builder.jvm(java.java().toString());
            jvmArgs.addAll(java.jvmArgs());
        });
        jvmArgs.addAll(commandLine.getJvmArgsAppend().orElse(List.of()));
        builder.jvmArgsAppend(jvmArgs.toArray(new String[0]));
        return builder.build();
    }

    /** The arguments less {@code -rf}, {@code -rff} and {@code -o} and their values. */
    static List<String> withoutOutputFiles(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-rf") || arg.equals("-rff") || arg.equals("-o")) {
                i++;
            } else {
                kept.add(arg);
            }
        }
        return kept;
    }

    /** A stream whose {@code close()} only flushes: JMH's runner closes the stream it writes to. */
    private static PrintStream unclosable(PrintStream stream) {
        return new PrintStream(new java.io.FilterOutputStream(stream) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    private static PrintStream openLog(String file) {
        try {
            return new PrintStream(new FileOutputStream(file), true, StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("-o " + file + ": cannot write the log file: " + e.getMessage(), e);
        }
    }
}
