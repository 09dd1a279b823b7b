package dev.tokenbench.jmh.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One part of a suite: a benchmark (a JMH include pattern) and the parameter values it runs with (JMH runs
 * every combination of them, one configuration per fork).
 *
 * @param benchmark a JMH include pattern, e.g. {@code GenerationLatencyBenchmark}
 * @param params    parameter name to values, in order; names not given keep the benchmark's defaults
 */
public record SuiteEntry(String benchmark, Map<String, List<String>> params) {

    public SuiteEntry {
        Objects.requireNonNull(benchmark, "benchmark");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        params = java.util.Collections.unmodifiableMap(copy);
    }

    /** This entry with {@code overrides} replacing the values of the parameters they name. */
    public SuiteEntry overriddenBy(Map<String, List<String>> overrides) {
        Map<String, List<String>> merged = new LinkedHashMap<>(params);
        merged.putAll(overrides);
        return new SuiteEntry(benchmark, merged);
    }
}
