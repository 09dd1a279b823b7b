package dev.tokenbench.benchmarks;

import dev.tokenbench.gate.Gate;
import dev.tokenbench.gate.GateFigure;
import dev.tokenbench.gate.GateFigures;
import dev.tokenbench.gate.GateInput;
import dev.tokenbench.gate.GateInputException;
import dev.tokenbench.gate.GateResult;
import dev.tokenbench.gate.GateRow;
import dev.tokenbench.gate.GateRuns;
import dev.tokenbench.gate.GateSettings;
import dev.tokenbench.gate.GateThresholds;
import dev.tokenbench.gate.GateVerdict;
import dev.tokenbench.gate.ProcessRunLauncher;
import dev.tokenbench.measure.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The gate's measurement campaign: how often each procedure raises a false alarm on identical code, how often it finds
 * a real 10% and 20% slowdown, and how noisy its replicates are, on this machine, through the real harness.
 *
 * <p><b>What runs.</b> Campaign round r runs, for each suite, the baseline and three current variants: {@code aa}
 * (identical), {@code slow10} and {@code slow20}. Suites: {@code real}, the CI gate's former suite (djl-pytorch and
 * llama.cpp on {@code tiny}, batch 1, prompt 32, 32 new tokens, {@code -wi 2 -i 5}), slowed for real by {@link CpuHog}
 * (a competing CPU-bound process at real-time priority taking {@code s / (1 + s)} of the fork's core during the slowed
 * run only; its achieved share goes to {@code hog-cpuN.log} in the run's folder); {@code small}, the CI gate's suite since
 * 2026-11-29 ({@code scripts/ci-gate.sh}: the same on {@code small}, {@code -wi 2 -i 3 -f 3}), slowed the same way; and
 * {@code fake}, the fake engine paced {@code timing:20ms/50us/2ms} ({@code -wi 1 -i 8}), slowed by pacing every delay
 * 1.1 or 1.2 times longer. Two ways of running a round:
 * <ul>
 *   <li><b>interleaved</b>: the four runs one after the other in an order drawn per round from the seed; the hog runs
 *       on every core (one process pinned to each) during a slowed run, since an unpinned fork may run on any;</li>
 *   <li><b>duet</b>: per variant, a baseline run and the variant's run at once, each pinned to its own core (drawn per
 *       pair), the hog pinned to the variant's core.</li>
 * </ul>
 * Runs are {@code gate}'s own ({@link ProcessRunLauncher}: {@code --no-agreement --no-calibration}):
 * a same-machine comparison needs no limits. A run whose results exist is skipped, so an interrupted campaign resumes.
 *
 * <p><b>How comparisons are formed</b> ({@code analyze}). Interleaved and duet: disjoint blocks of {@code --block}
 * consecutive rounds, each block one paired gate comparison per condition (the interleaved conditions of a round share
 * its baseline run). Sequential: the baseline run of round r against the variant's run of round r + 1 (a later run,
 * not interleaved with it: what {@code gate --baseline RUN --current RUN} sees), Welch on iterations; every run is used
 * once per condition. Every comparison is {@link Gate#evaluate} with the default settings or the given thresholds; a
 * false alarm is an A/A comparison that fails (exit 3), a detection a slowed one that fails.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.tokenbench.benchmarks.GateCampaign run results/gate-campaign/local --rounds 50
 * java -cp target/benchmarks.jar dev.tokenbench.benchmarks.GateCampaign analyze results/gate-campaign/local --block 5
 * </pre>
 * ({@code scripts/gate-campaign.sh} does both.)
 */
public final class GateCampaign {

    /** What the current side of a comparison runs. */
    enum Condition {
        AA(0), SLOW10(0.10), SLOW20(0.20);

        final double slowdown;

        Condition(double slowdown) {
            this.slowdown = slowdown;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The suites a round runs. */
    enum Suite {
        /** The CI gate's former suite on the real engines ({@code tiny}), slowed by a competing process. */
        REAL(List.of("GenerationLatencyBenchmark", "-p", "framework=djl-pytorch,llama.cpp", "-p", "model=tiny", "-p", "batchSize=1",
                "-p", "promptTokens=32", "-p", "newTokens=32", "-wi", "2", "-i", "5", "-f", "1")),
        /**
         * The CI gate's suite on the real engines ({@code scripts/ci-gate.sh}): {@code small} (its weights streamed from memory: its speed varies
         * 5 to 9% from one fork to the next on this machine, {@code tiny}'s 13 to 16%), 3 forks per run, so that a
         * run's merged figures average the forks; slowed like {@link #REAL}.
         */
        SMALL(List.of("GenerationLatencyBenchmark", "-p", "framework=djl-pytorch,llama.cpp", "-p", "model=small", "-p", "batchSize=1",
                "-p", "promptTokens=32", "-p", "newTokens=32", "-wi", "2", "-i", "3", "-f", "3")),
        /** The fake engine, slowed by its schedule. */
        FAKE(List.of("GenerationLatencyBenchmark", "-p", "framework=fake", "-p", "model=" + fakeSchedule(1.0), "-p", "batchSize=1",
                "-p", "promptTokens=32", "-p", "newTokens=32", "-wi", "1", "-i", "8", "-f", "1"));

        final List<String> arguments;

        Suite(List<String> arguments) {
            this.arguments = arguments;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The suite's arguments for a run of {@code condition}'s current side (the fake's schedule paced slower). */
        List<String> arguments(Condition condition) {
            List<String> result = new ArrayList<>(arguments);
            if (this == FAKE) {
                result.replaceAll(argument -> argument.equals("model=" + fakeSchedule(1.0)) ? "model=" + fakeSchedule(1 + condition.slowdown) : argument);
            }
            return result;
        }

        /** Whether a slowed run needs the competing process. */
        boolean slowedByHog() {
            return this != FAKE;
        }

        List<GateRuns.ParamOverride> overrides(Condition condition) {
            if (this != FAKE || condition.slowdown == 0) {
                return List.of();
            }
            return List.of(new GateRuns.ParamOverride("model", fakeSchedule(1 + condition.slowdown), fakeSchedule(1.0)));
        }
    }

    /** The fake's schedule, every delay times {@code factor}: prefill 20 ms, 50 us per prompt token, ITL 2 ms at 1. */
    static String fakeSchedule(double factor) {
        return String.format(Locale.ROOT, "timing:%dus/%dus/%dus", Math.round(20_000 * factor), Math.round(50 * factor), Math.round(2_000 * factor));
    }

    private static final String BASELINE = "baseline";
    private static final String CURRENT = "current";
    private static final String RUNS_LOG = "runs.csv";

    private final Path jar;
    private final Path out;
    private final ProcessRunLauncher launcher = new ProcessRunLauncher();

    private GateCampaign(Path jar, Path out) {
        this.jar = jar;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("run") || args[0].equals("analyze"))) {
            System.err.println("usage: GateCampaign run OUT [--rounds R] [--first-round N] [--seed S] [--jar JAR] [--procedures interleaved,duet]"
                    + " [--suites real,fake] | analyze OUT [--block K] [--threshold FIGURE=PCT ...]");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        Map<String, List<String>> options = options(Arrays.asList(args).subList(2, args.length));
        if (args[0].equals("run")) {
            int rounds = Integer.parseInt(single(options, "--rounds", "10"));
            int first = Integer.parseInt(single(options, "--first-round", "1"));
            long seed = Long.parseLong(single(options, "--seed", "42"));
            Path jar = Path.of(single(options, "--jar", "target/benchmarks.jar"));
            List<String> procedures = List.of(single(options, "--procedures", "interleaved,duet").split(","));
            List<Suite> suites = new ArrayList<>();
            for (String suite : single(options, "--suites", "real,fake").split(",")) {
                suites.add(Suite.valueOf(suite.toUpperCase(Locale.ROOT)));
            }
            new GateCampaign(jar.toAbsolutePath(), out).run(first, rounds, seed, procedures, suites);
        } else {
            int block = Integer.parseInt(single(options, "--block", "5"));
            GateThresholds thresholds = GateThresholds.parse(options.getOrDefault("--threshold", List.of()));
            String summary = analyze(out, block, GateSettings.of(thresholds, GateSettings.DEFAULT_ALPHA, GateSettings.DEFAULT_MIN_REPLICATES, false));
            System.out.print(summary);
        }
    }

    // ---------------------------------------------------------------- running

    private void run(int first, int rounds, long seed, List<String> procedures, List<Suite> suites) throws Exception {
        Files.createDirectories(out);
        Path log = out.resolve(RUNS_LOG);
        if (!Files.exists(log)) {
            Files.writeString(log, "procedure,suite,round,condition,side,cpu,startUtc,wallSeconds,load1Start,load1End\n", StandardCharsets.UTF_8);
        }
        for (int round = first; round < first + rounds; round++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + round);
            for (String procedure : procedures) {
                for (Suite suite : suites) {
                    switch (procedure) {
                        case "interleaved" -> interleavedRound(suite, round, random);
                        case "duet" -> duetRound(suite, round, random);
                        default -> throw new IllegalArgumentException("--procedures " + procedure + ": interleaved or duet");
                    }
                }
            }
            System.out.printf(Locale.ROOT, "campaign: round %d done at %s (load %s)%n", round, Instant.now(), load1());
        }
    }

    private void interleavedRound(Suite suite, int round, SplittableRandom random) throws Exception {
        Path dir = roundDir("interleaved", suite, round);
        List<String> order = new ArrayList<>(List.of(BASELINE, Condition.AA.label(), Condition.SLOW10.label(), Condition.SLOW20.label()));
        shuffle(order, random);
        for (String run : order) {
            Condition condition = run.equals(BASELINE) ? Condition.AA : Condition.valueOf(run.toUpperCase(Locale.ROOT));
            boolean hog = suite.slowedByHog() && condition.slowdown > 0;
            List<Process> hogs = new ArrayList<>();
            Path folder = dir.resolve(run);
            if (done(folder)) {
                continue;
            }
            if (hog) {
                for (int cpu = 0; cpu < Runtime.getRuntime().availableProcessors(); cpu++) {
                    hogs.add(startHog(cpu, condition.slowdown, folder));
                }
            }
            try {
                launch("interleaved", suite, round, run, run.equals(BASELINE) ? BASELINE : CURRENT, suite.arguments(condition), folder, OptionalInt.empty());
            } finally {
                stop(hogs);
            }
        }
    }

    private void duetRound(Suite suite, int round, SplittableRandom random) throws Exception {
        List<Condition> order = new ArrayList<>(List.of(Condition.values()));
        shuffle(order, random);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Condition condition : order) {
                Path dir = roundDir("duet", suite, round).resolve(condition.label());
                boolean baselineOnZero = random.nextBoolean();
                int baselineCpu = baselineOnZero ? 0 : 1;
                int currentCpu = 1 - baselineCpu;
                if (done(dir.resolve(BASELINE)) && done(dir.resolve(CURRENT))) {
                    continue;
                }
                List<Process> hogs = new ArrayList<>();
                if (suite.slowedByHog() && condition.slowdown > 0) {
                    hogs.add(startHog(currentCpu, condition.slowdown, dir.resolve(CURRENT)));
                }
                try {
                    Future<?> baseline = pool.submit(() -> {
                        launch("duet", suite, round, condition.label(), BASELINE, suite.arguments(Condition.AA), dir.resolve(BASELINE), OptionalInt.of(baselineCpu));
                        return null;
                    });
                    Future<?> current = pool.submit(() -> {
                        launch("duet", suite, round, condition.label(), CURRENT, suite.arguments(condition), dir.resolve(CURRENT), OptionalInt.of(currentCpu));
                        return null;
                    });
                    current.get();
                    stop(hogs);
                    baseline.get();
                } finally {
                    stop(hogs);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Path roundDir(String procedure, Suite suite, int round) {
        return out.resolve(procedure).resolve(suite.label()).resolve(String.format(Locale.ROOT, "round-%02d", round));
    }

    private static boolean done(Path folder) {
        return Files.isRegularFile(RunFolder.at(folder).resultsFile());
    }

    private void launch(String procedure, Suite suite, int round, String condition, String side, List<String> arguments, Path folder,
                        OptionalInt cpu) throws IOException, InterruptedException {
        if (done(folder)) {
            return;
        }
        Files.createDirectories(folder);
        String load = load1();
        Instant start = Instant.now();
        long started = System.nanoTime();
        launcher.run(jar, arguments, RunFolder.at(folder).resultsFile(), cpu);
        double wall = (System.nanoTime() - started) / 1e9;
        String line = String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s,%s,%.1f,%s,%s%n", procedure, suite.label(), round, condition, side,
                cpu.isPresent() ? Integer.toString(cpu.getAsInt()) : "", start, wall, load, load1());
        synchronized (this) {
            Files.writeString(out.resolve(RUNS_LOG), line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        System.out.printf(Locale.ROOT, "campaign: %s %s round %d %s %s: %.0f s%n", procedure, suite.label(), round, condition, side, wall);
    }

    private Process startHog(int cpu, double slowdown, Path folder) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.createDirectories(folder);
        return new ProcessBuilder("chrt", "-f", "10", "taskset", "-c", Integer.toString(cpu), java, "-XX:+UseSerialGC", "-Xmx16m", "-cp",
                jar.toString(), CpuHog.class.getName(), String.format(Locale.ROOT, "%.4f", CpuHog.shareFor(slowdown)))
                .redirectErrorStream(true).redirectOutput(folder.resolve("hog-cpu" + cpu + ".log").toFile()).start();
    }

    private static void stop(List<Process> hogs) throws InterruptedException {
        for (Process hog : hogs) {
            hog.destroy();
        }
        for (Process hog : hogs) {
            hog.waitFor();
        }
        hogs.clear();
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    private static String load1() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "";
        }
    }

    // ---------------------------------------------------------------- analysis

    /** One gate comparison's outcome. */
    record Outcome(boolean failed, List<String> regressed, List<String> improved) {
    }

    /** Replicate ratios current / baseline of one figure of one workload, pooled over a procedure's rounds. */
    record Ratios(List<Double> values) {
        double geometricMean() {
            return Math.exp(values.stream().mapToDouble(Math::log).average().orElse(Double.NaN));
        }

        /** Standard deviation of the log ratios: the coefficient of variation of the ratios. */
        double cv() {
            double mean = values.stream().mapToDouble(Math::log).average().orElse(Double.NaN);
            double squares = 0;
            for (double value : values) {
                squares += (Math.log(value) - mean) * (Math.log(value) - mean);
            }
            return Math.sqrt(squares / (values.size() - 1));
        }
    }

    static String analyze(Path out, int block, GateSettings settings) throws IOException, GateInputException {
        StringBuilder md = new StringBuilder();
        Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
        Map<String, Map<String, Ratios>> ratios = new LinkedHashMap<>();
        for (String procedure : List.of("interleaved", "duet", "sequential")) {
            for (Suite suite : Suite.values()) {
                for (Condition condition : Condition.values()) {
                    List<GateRuns.Round> rounds = rounds(out, procedure, suite, condition);
                    if (rounds.size() < 2) {
                        continue;
                    }
                    String key = procedure + "," + suite.label() + "," + condition.label();
                    List<Outcome> list = new ArrayList<>();
                    if (procedure.equals("sequential")) {
                        for (GateRuns.Round round : rounds) {
                            list.add(outcome(Gate.evaluate(GateRuns.independent(round.baseline(), round.current()), settings)));
                        }
                    } else {
                        for (int start = 0; start + block <= rounds.size(); start += block) {
                            list.add(outcome(Gate.evaluate(GateRuns.paired(rounds.subList(start, start + block)), settings)));
                        }
                    }
                    outcomes.put(key, list);
                    ratios.put(key, ratios(rounds));
                }
            }
        }
        md.append("Comparisons (alpha ").append(settings.alpha()).append("; thresholds");
        for (GateFigure figure : settings.thresholds().figures()) {
            md.append(' ').append(figure.name()).append('=').append(fmt(settings.thresholds().percent(figure))).append('%');
        }
        md.append("; paired comparisons of ").append(block).append(" rounds, sequential of one run per side):\n\n");
        md.append("| procedure | suite | condition | failed (exit 3) | regressed figures (count over comparisons) | improved figures |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, List<Outcome>> entry : outcomes.entrySet()) {
            String[] key = entry.getKey().split(",");
            List<Outcome> list = entry.getValue();
            long failed = list.stream().filter(Outcome::failed).count();
            md.append("| ").append(key[0]).append(" | ").append(key[1]).append(" | ").append(key[2]).append(" | ").append(failed).append(" of ")
                    .append(list.size()).append(" | ").append(tally(list, true)).append(" | ").append(tally(list, false)).append(" |\n");
        }
        md.append("\nReplicate ratios current / baseline over all rounds (interleaved and duet: per round; sequential: run r + 1's over"
                + " run r's): geometric mean and CV (standard deviation of the log ratios):\n\n");
        md.append("| procedure | suite | workload | figure | A/A CV | A/A ratio | slow10 ratio (CV) | slow20 ratio (CV) | rounds |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (String procedure : List.of("interleaved", "duet", "sequential")) {
            for (Suite suite : Suite.values()) {
                Map<String, Ratios> aa = ratios.get(procedure + "," + suite.label() + ",aa");
                if (aa == null) {
                    continue;
                }
                for (Map.Entry<String, Ratios> figure : aa.entrySet()) {
                    md.append("| ").append(procedure).append(" | ").append(suite.label()).append(" | ").append(figure.getKey().replace(" :: ", " | "))
                            .append(" | ").append(percent(figure.getValue().cv())).append(" | ").append(fmt3(figure.getValue().geometricMean()));
                    for (Condition slowed : List.of(Condition.SLOW10, Condition.SLOW20)) {
                        Map<String, Ratios> other = ratios.get(procedure + "," + suite.label() + "," + slowed.label());
                        Ratios r = other == null ? null : other.get(figure.getKey());
                        md.append(" | ").append(r == null ? "-" : fmt3(r.geometricMean()) + " (" + percent(r.cv()) + ")");
                    }
                    md.append(" | ").append(figure.getValue().values().size()).append(" |\n");
                }
            }
        }
        md.append(wallAndLoad(out, block));
        return md.toString();
    }

    private static List<GateRuns.Round> rounds(Path out, String procedure, Suite suite, Condition condition) throws GateInputException {
        List<GateRuns.Round> rounds = new ArrayList<>();
        if (procedure.equals("sequential")) {
            Path dir = out.resolve("interleaved").resolve(suite.label());
            List<Integer> numbers = roundNumbers(dir);
            for (int i = 0; i + 1 < numbers.size(); i++) {
                Path baseline = dir.resolve(String.format(Locale.ROOT, "round-%02d", numbers.get(i))).resolve(BASELINE);
                Path current = dir.resolve(String.format(Locale.ROOT, "round-%02d", numbers.get(i + 1))).resolve(condition.label());
                if (done(baseline) && done(current)) {
                    rounds.add(new GateRuns.Round(read(baseline, List.of()), read(current, suite.overrides(condition))));
                }
            }
            return rounds;
        }
        Path dir = out.resolve(procedure).resolve(suite.label());
        for (int number : roundNumbers(dir)) {
            Path round = dir.resolve(String.format(Locale.ROOT, "round-%02d", number));
            Path baseline = procedure.equals("duet") ? round.resolve(condition.label()).resolve(BASELINE) : round.resolve(BASELINE);
            Path current = procedure.equals("duet") ? round.resolve(condition.label()).resolve(CURRENT) : round.resolve(condition.label());
            if (done(baseline) && done(current)) {
                rounds.add(new GateRuns.Round(read(baseline, List.of()), read(current, suite.overrides(condition))));
            }
        }
        return rounds;
    }

    private static List<Integer> roundNumbers(Path dir) {
        List<Integer> numbers = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return numbers;
        }
        try (var entries = Files.list(dir)) {
            entries.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("round-"))
                    .forEach(name -> numbers.add(Integer.parseInt(name.substring("round-".length()))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Collections.sort(numbers);
        return numbers;
    }

    private static GateRuns read(Path folder, List<GateRuns.ParamOverride> overrides) throws GateInputException {
        return GateRuns.read(List.of(RunFolder.at(folder).resultsFile()), folder.toString(), overrides);
    }

    private static Outcome outcome(GateResult result) {
        List<String> regressed = new ArrayList<>();
        List<String> improved = new ArrayList<>();
        for (GateRow row : result.rows()) {
            String name = row.workload().split(" ")[0] + " " + row.figure().name();
            if (row.verdict() instanceof GateVerdict.Regression) {
                regressed.add(name);
            } else if (row.verdict() instanceof GateVerdict.Improvement) {
                improved.add(name);
            }
        }
        return new Outcome(result.failed(), regressed, improved);
    }

    private static String tally(List<Outcome> outcomes, boolean regressions) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            for (String name : regressions ? outcome.regressed() : outcome.improved()) {
                counts.merge(name, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((name, count) -> parts.add(name + " " + count));
        return String.join(", ", parts);
    }

    /** Per workload and default figure: the replicate ratios current / baseline of the merged figures. */
    private static Map<String, Ratios> ratios(List<GateRuns.Round> rounds) {
        Map<String, Ratios> result = new LinkedHashMap<>();
        for (GateRuns.Round round : rounds) {
            for (String workload : round.baseline().workloads()) {
                Map<GateFigure, Double> current = round.current().merged().get(workload);
                if (current == null) {
                    continue;
                }
                for (GateFigure figure : GateFigures.defaults()) {
                    Double b = round.baseline().merged().get(workload).get(figure);
                    Double c = current.get(figure);
                    if (b != null && c != null && b > 0 && c > 0) {
                        result.computeIfAbsent(workload.split(" ")[0] + " :: " + figure.name(), k -> new Ratios(new ArrayList<>())).values().add(c / b);
                    }
                }
            }
        }
        return result;
    }

    /** Per procedure and suite: runs, mean wall time of a run, what a 10-round gate of that procedure costs, and the load. */
    private static String wallAndLoad(Path out, int block) throws IOException {
        Path log = out.resolve(RUNS_LOG);
        if (!Files.isRegularFile(log)) {
            return "";
        }
        Map<String, List<double[]>> byKey = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String first = null;
        String last = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            byKey.computeIfAbsent(f[0] + "," + f[1], k -> new ArrayList<>()).add(new double[] {Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]), Double.parseDouble(f[9])});
            first = first == null ? f[6] : first;
            last = f[6];
        }
        StringBuilder md = new StringBuilder("\nRuns ").append(first).append(" to ").append(last)
                .append("; wall time per run and the 1-minute load average at each run's start and end:\n\n");
        md.append("| procedure | suite | runs | mean wall time of a run (s) | a 10-round gate (s) | load average mean (min to max) |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, List<double[]>> entry : byKey.entrySet()) {
            String[] key = entry.getKey().split(",");
            List<double[]> runs = entry.getValue();
            double wall = runs.stream().mapToDouble(r -> r[0]).average().orElse(Double.NaN);
            double loadMean = runs.stream().flatMapToDouble(r -> Arrays.stream(new double[] {r[1], r[2]})).average().orElse(Double.NaN);
            double loadMin = runs.stream().flatMapToDouble(r -> Arrays.stream(new double[] {r[1], r[2]})).min().orElse(Double.NaN);
            double loadMax = runs.stream().flatMapToDouble(r -> Arrays.stream(new double[] {r[1], r[2]})).max().orElse(Double.NaN);
            // Interleaved: a gate round is two runs in sequence; duet: two at once, about one run's time.
            double gate = 10 * wall * (key[0].equals("duet") ? 1 : 2);
            md.append("| ").append(key[0]).append(" | ").append(key[1]).append(" | ").append(runs.size()).append(" | ").append(fmt(wall))
                    .append(" | ").append(fmt(gate)).append(" | ").append(fmt(loadMean)).append(" (").append(fmt(loadMin)).append(" to ")
                    .append(fmt(loadMax)).append(") |\n");
        }
        return md.toString();
    }

    private static Map<String, List<String>> options(List<String> args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            options.computeIfAbsent(args.get(i), k -> new ArrayList<>()).add(args.get(i + 1));
        }
        if (args.size() % 2 != 0) {
            throw new IllegalArgumentException("option " + args.get(args.size() - 1) + " needs a value");
        }
        return options;
    }

    private static String single(Map<String, List<String>> options, String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String fmt3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * value);
    }
}
