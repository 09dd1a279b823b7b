package dev.tokenbench.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.jmh.ParamCheck;
import dev.tokenbench.jmh.host.SuiteEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A suite (the default one: {@code Suite.DEFAULT}) as a sweep: every combination of each entry's parameter values
 * becomes a configuration, in suite order, and runs once per round, each round in its own seeded random order. This is
 * what {@code java -jar target/benchmarks.jar} runs: its rounds are the replicates of the report's intervals.
 */
public final class SuiteSweep {

    /** Rounds of the default run: enough for an interval over rounds (2 give a t quantile of 12.7), few enough for minutes. */
    public static final int ROUNDS = 3;
    /** The seed of the default run's round orders. */
    public static final long SEED = 42;
    /**
     * The default run's JMH settings per configuration and round: one fork, no JMH warm-up iterations (each fork's setup
     * already serves warm-up requests that no figure includes), 3 measured requests.
     */
    public static final JmhSettings JMH = new JmhSettings(1, 0, 3, java.util.OptionalLong.empty());
    /**
     * The longest one run of the default sweep may take before its fork is killed and the run recorded as failed: many
     * times the longest quiet run (about 15 s), so that only a hung fork reaches it.
     */
    public static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** The sweep's name in its index. */
    public static final String NAME = "default-run";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SuiteSweep() {
    }

    /**
     * The configurations of {@code suite}, every parameter named in {@code overrides} taking those values instead, in
     * suite order without repeats. Parameters an entry does not name take the benchmark's defaults. A {@code framework}
     * override selects the entries of those frameworks ({@link SuiteEntry#effective}).
     *
     * @throws IllegalArgumentException for an entry that is not a sweep benchmark, or a parameter value an engine
     *                                  refuses (checked before anything runs)
     */
    public static List<Configuration> configurations(List<SuiteEntry> suite, Map<String, List<String>> overrides) {
        Set<Configuration> configurations = new LinkedHashSet<>();
        for (SuiteEntry effective : SuiteEntry.effective(suite, overrides)) {
            SweepBenchmark benchmark = benchmark(effective.benchmark());
            Map<SweepAxis, List<String>> axes = new EnumMap<>(SweepAxis.class);
            for (SweepAxis axis : SweepAxis.values()) {
                List<String> values = effective.params().get(axis.key());
                axes.put(axis, values != null ? values : List.of(SweepSpecParser.defaultValue(axis, List.of(benchmark))));
            }
            ParamCheck.checkGrid(effective.params());
            expand(benchmark, axes, 0, new EnumMap<>(SweepAxis.class), configurations);
        }
        return List.copyOf(configurations);
    }

    /**
     * The plan of the suite's sweep: its configurations, {@code rounds} rounds in seeded orders, estimates from the workload model,
     * each run stopped after {@code timeout}.
     */
    public static SweepRunner.Planned plan(List<Configuration> configurations, JmhSettings jmh, int rounds, long seed, Duration timeout) {
        Map<SweepAxis, List<String>> axes = new EnumMap<>(SweepAxis.class);
        for (SweepAxis axis : SweepAxis.values()) {
            Set<String> values = new LinkedHashSet<>();
            configurations.forEach(c -> values.add(c.value(axis)));
            axes.put(axis, List.copyOf(values));
        }
        List<SweepBenchmark> benchmarks = configurations.stream().map(Configuration::benchmark).distinct().toList();
        SweepSpec spec = new SweepSpec("the default suite", NAME, benchmarks, axes, List.of(), List.of(), jmh, timeout, rounds, seed);
        return SweepRunner.plan(spec, specText(configurations, jmh, rounds, seed), Shard.ALL, Optional.empty(), all -> configurations);
    }

    /** The spec file of the suite's sweep: what ran, for {@code spec.json}. */
    static String specText(List<Configuration> configurations, JmhSettings jmh, int rounds, long seed) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", NAME);
        root.put("description", "The default suite (Suite.DEFAULT) as a sweep: each configuration once per round, rounds in seeded orders.");
        ArrayNode list = root.putArray("configurations");
        for (Configuration configuration : configurations) {
            ObjectNode node = list.addObject();
            node.put("benchmark", configuration.benchmark().key());
            configuration.params().forEach(node::put);
        }
        ObjectNode settings = root.putObject("jmh");
        settings.put("forks", jmh.forks());
        settings.put("warmupIterations", jmh.warmupIterations());
        settings.put("measurementIterations", jmh.measurementIterations());
        root.put("rounds", rounds);
        root.put("seed", seed);
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SweepBenchmark benchmark(String jmhMethod) {
        for (SweepBenchmark benchmark : SweepBenchmark.values()) {
            if (benchmark.jmhMethod().equals(jmhMethod)) {
                return benchmark;
            }
        }
        throw new IllegalArgumentException("suite entry " + jmhMethod + " is not a benchmark a sweep can run; sweeps run "
                + String.join(", ", java.util.Arrays.stream(SweepBenchmark.values()).map(SweepBenchmark::jmhMethod).toList()));
    }

    private static void expand(SweepBenchmark benchmark, Map<SweepAxis, List<String>> axes, int axis, Map<SweepAxis, String> chosen,
                               Set<Configuration> into) {
        SweepAxis[] all = SweepAxis.values();
        if (axis == all.length) {
            into.add(Configuration.of(benchmark, chosen));
            return;
        }
        for (String value : axes.get(all[axis])) {
            chosen.put(all[axis], value);
            expand(benchmark, axes, axis + 1, chosen, into);
        }
        chosen.remove(all[axis]);
    }
}
