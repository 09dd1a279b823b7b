package dev.tokenbench.gate;

import dev.tokenbench.measure.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Runs the comparison of two jars itself, in rounds: interleaved (the two runs of a round one after the other, in a
 * seeded random order) or duet (both at once, each pinned to its own core, so that interference hits both; which jar
 * gets which core is the round's random order too). Each
 * round gives one value per workload and figure per jar, and the two values of a round are a pair.
 */
public final class JarComparison {

    /** The class every tokenbench jar's manifest names as its entry point. */
    static final String MAIN_CLASS = "dev.tokenbench.cli.Main";

    /**
     * What to compare.
     *
     * @param baselineJar       the jar of the base commit
     * @param currentJar        the jar under test
     * @param plan              rounds and their order
     * @param suiteArguments    the suite both jars run (benchmark regex and JMH options, e.g. {@code -p model=tiny -wi 2 -i 5})
     * @param baselineArguments extra arguments of the baseline's runs only
     * @param currentArguments  extra arguments of the current's runs only (e.g. JVM options through {@code -jvmArgsAppend})
     * @param currentParams     workload parameters the current's runs take in place of the suite's single value (e.g. the
     *                          fake engine's schedule {@code model=timing:26ms/65us/2600us}, to slow it on purpose); their
     *                          rows are labelled with the suite's value so that they pair with the baseline's
     * @param workDir           receives {@code round-N/baseline/} and {@code round-N/current/}
     */
    public record Options(Path baselineJar, Path currentJar, RoundPlan plan, List<String> suiteArguments, List<String> baselineArguments,
                          List<String> currentArguments, List<GateRuns.ParamOverride> currentParams, Path workDir) {
        public Options {
            currentParams = List.copyOf(currentParams);
            Objects.requireNonNull(baselineJar, "baselineJar");
            Objects.requireNonNull(currentJar, "currentJar");
            Objects.requireNonNull(plan, "plan");
            suiteArguments = List.copyOf(suiteArguments);
            baselineArguments = List.copyOf(baselineArguments);
            currentArguments = List.copyOf(currentArguments);
            Objects.requireNonNull(workDir, "workDir");
        }
    }

    private JarComparison() {
    }

    /**
     * Checks that {@code jar} is a tokenbench jar.
     *
     * @throws GateInputException naming the flag and the jar: missing, not a jar, or another program's jar
     */
    public static void checkJar(Path jar, String flag) throws GateInputException {
        if (!Files.isRegularFile(jar)) {
            throw new GateInputException(flag + " " + jar + ": no such file; build it with mvn package (target/benchmarks.jar)");
        }
        String main;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
        } catch (IOException e) {
            throw new GateInputException(flag + " " + jar + ": not a jar (" + e.getMessage() + "); give tokenbench's target/benchmarks.jar");
        }
        if (!MAIN_CLASS.equals(main)) {
            throw new GateInputException(flag + " " + jar + ": not a tokenbench jar (its Main-Class is " + main
                    + "); give tokenbench's target/benchmarks.jar");
        }
    }

    /**
     * Runs every round and reads each run.
     *
     * @param progress receives one line per round, without a line break
     * @throws IOException when a run fails (the message names its log)
     * @throws GateInputException when a run's results cannot be read as tokenbench results
     */
    public static GateInput run(Options options, RunLauncher launcher, Consumer<String> progress)
            throws IOException, InterruptedException, GateInputException {
        RoundPlan plan = options.plan();
        List<GateRuns.Round> rounds = new ArrayList<>();
        ExecutorService duet = plan.duet() ? Executors.newFixedThreadPool(2) : null;
        try {
            for (RoundPlan.Round round : plan.rounds()) {
                long start = System.nanoTime();
                Path[] results = new Path[2];
                for (RoundPlan.Side side : RoundPlan.Side.values()) {
                    Path folder = options.workDir().resolve("round-" + (round.index() + 1)).resolve(side.label());
                    Files.createDirectories(folder);
                    results[side.ordinal()] = RunFolder.at(folder).resultsFile();
                }
                if (duet != null) {
                    List<Future<Void>> running = new ArrayList<>();
                    for (RoundPlan.Side side : round.order()) {
                        // The round's random order also picks the cores, so neither jar always gets the same core.
                        int cpu = round.order().indexOf(side);
                        running.add(duet.submit(() -> {
                            runSide(options, launcher, side, results[side.ordinal()], OptionalInt.of(cpu));
                            return null;
                        }));
                    }
                    for (Future<Void> future : running) {
                        await(future);
                    }
                } else {
                    for (RoundPlan.Side side : round.order()) {
                        runSide(options, launcher, side, results[side.ordinal()], OptionalInt.empty());
                    }
                }
                GateRuns baseline = GateRuns.read(List.of(results[0]), "round " + (round.index() + 1) + " baseline");
                GateRuns current = GateRuns.read(List.of(results[1]), "round " + (round.index() + 1) + " current", options.currentParams());
                rounds.add(new GateRuns.Round(baseline, current));
                progress.accept(String.format(Locale.ROOT, "round %d/%d (%s): %.0f s", round.index() + 1, plan.rounds().size(),
                        plan.duet() ? "duet, " + round.order().get(0).label() + " on core 0" : round.order().get(0).label() + " first",
                        (System.nanoTime() - start) / 1e9));
            }
        } finally {
            if (duet != null) {
                duet.shutdownNow();
            }
        }
        return GateRuns.paired(rounds);
    }

    /**
     * The suite's arguments with each override's {@code -p NAME=VALUE} in place of the suite's.
     *
     * @throws GateInputException when the suite does not give the parameter exactly one value with {@code -p NAME=VALUE}
     */
    public static List<GateRuns.ParamOverride> overrides(List<String> suiteArguments, List<String> nameValues) throws GateInputException {
        List<GateRuns.ParamOverride> overrides = new ArrayList<>();
        for (String nameValue : nameValues) {
            int equals = nameValue.indexOf('=');
            String name = equals < 0 ? nameValue : nameValue.substring(0, equals);
            if (equals <= 0 || equals == nameValue.length() - 1 || !GateRuns.ParamOverride.NAMES.contains(name)) {
                throw new GateInputException("--current-param " + nameValue + ": expected NAME=VALUE with NAME one of "
                        + String.join(", ", GateRuns.ParamOverride.NAMES));
            }
            String suiteValue = null;
            for (int i = 0; i + 1 < suiteArguments.size(); i++) {
                if (suiteArguments.get(i).equals("-p") && suiteArguments.get(i + 1).startsWith(name + "=")) {
                    suiteValue = suiteArguments.get(i + 1).substring(name.length() + 1);
                }
            }
            if (suiteValue == null || suiteValue.contains(",")) {
                throw new GateInputException("--current-param " + nameValue + ": the suite must give " + name + " exactly one value (-p "
                        + name + "=VALUE after --) for the current's rows to pair with the baseline's");
            }
            overrides.add(new GateRuns.ParamOverride(name, nameValue.substring(equals + 1), suiteValue));
        }
        return overrides;
    }

    private static List<String> withOverrides(List<String> suiteArguments, List<GateRuns.ParamOverride> overrides) {
        List<String> arguments = new ArrayList<>(suiteArguments);
        for (GateRuns.ParamOverride override : overrides) {
            for (int i = 0; i + 1 < arguments.size(); i++) {
                if (arguments.get(i).equals("-p") && arguments.get(i + 1).startsWith(override.name() + "=")) {
                    arguments.set(i + 1, override.name() + "=" + override.sideValue());
                }
            }
        }
        return arguments;
    }

    private static void runSide(Options options, RunLauncher launcher, RoundPlan.Side side, Path results, OptionalInt cpu)
            throws IOException, InterruptedException {
        List<String> arguments = side == RoundPlan.Side.CURRENT ? withOverrides(options.suiteArguments(), options.currentParams())
                : new ArrayList<>(options.suiteArguments());
        arguments.addAll(side == RoundPlan.Side.BASELINE ? options.baselineArguments() : options.currentArguments());
        Path jar = side == RoundPlan.Side.BASELINE ? options.baselineJar() : options.currentJar();
        launcher.run(jar, arguments, results, cpu);
    }

    private static void await(Future<Void> future) throws IOException, InterruptedException {
        try {
            future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }
}
