package dev.tokenbench.sweep;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed sweep file: the grid, its exclusions and inclusions, how each configuration is measured, and how
 * the runs are ordered. Parse with {@link SweepSpecParser}; expand with {@link Expansion}.
 *
 * @param source      the file it came from, as given (for messages)
 * @param name        a short name (the file name without {@code .json} unless the file says otherwise)
 * @param benchmarks  which benchmarks every configuration runs
 * @param axes        every axis with its values, in order (axes the file omits hold their one default value)
 * @param exclusions  configurations to leave out
 * @param inclusions  configurations to add
 * @param jmh         JMH settings of every configuration
 * @param timeout     the longest one configuration may take (its JMH process is killed after it)
 * @param rounds      how many times every configuration runs, each round in its own seeded random order
 * @param seed        the seed of the round orders
 */
public record SweepSpec(String source, String name, List<SweepBenchmark> benchmarks, Map<SweepAxis, List<String>> axes,
                        List<Selection> exclusions, List<Selection> inclusions, JmhSettings jmh, Duration timeout, int rounds,
                        long seed) {

    public SweepSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        benchmarks = List.copyOf(benchmarks);
        Map<SweepAxis, List<String>> copy = new EnumMap<>(SweepAxis.class);
        axes.forEach((axis, values) -> copy.put(axis, List.copyOf(values)));
        axes = Collections.unmodifiableMap(copy);
        exclusions = List.copyOf(exclusions);
        inclusions = List.copyOf(inclusions);
        Objects.requireNonNull(jmh, "jmh");
        Objects.requireNonNull(timeout, "timeout");
    }
}
