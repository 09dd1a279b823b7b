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

    private static final String MODEL = "model";
    private static final String FRAMEWORK = "framework";
    /** The prefix of an {@code openai} model served in the fork (see {@code engine.http.OpenAiProvider}). */
    private static final String SERVE_PREFIX = "serve:";

    public SuiteEntry {
        Objects.requireNonNull(benchmark, "benchmark");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        params = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The entries of {@code suite} with {@code overrides} applied ({@link #overriddenBy}), in suite order. A {@code framework}
     * override whose every value is the framework of some entry selects those entries, each with its own models and batch
     * sizes and the other overrides applied, instead of rewriting every entry: {@code -p framework=llama.cpp} runs the
     * suite's llama.cpp workloads, without the fake rows and the HTTP row (framework {@code openai}) unless they are named
     * too. Any other {@code framework} override rewrites every entry, and its values are checked as any parameter's.
     */
    public static List<SuiteEntry> effective(List<SuiteEntry> suite, Map<String, List<String>> overrides) {
        List<String> frameworks = overrides.get(FRAMEWORK);
        if (frameworks != null) {
            java.util.Set<String> inSuite = new java.util.HashSet<>();
            suite.forEach(entry -> inSuite.addAll(entry.params().getOrDefault(FRAMEWORK, List.of())));
            if (inSuite.containsAll(frameworks)) {
                Map<String, List<String>> rest = new LinkedHashMap<>(overrides);
                rest.remove(FRAMEWORK);
                return suite.stream().filter(entry -> entry.params().containsKey(FRAMEWORK) && frameworks.containsAll(entry.params().get(FRAMEWORK)))
                        .map(entry -> entry.overriddenBy(rest)).toList();
            }
        }
        return suite.stream().map(entry -> entry.overriddenBy(overrides)).toList();
    }

    /**
     * This entry with {@code overrides} replacing the values of the parameters they name. One exception keeps the
     * default suite's HTTP row meaningful under {@code -p model=...}: an entry whose model is an engine served in the
     * fork ({@code serve:FRAMEWORK/MODEL}), its framework not overridden, takes a plain model name {@code M} as {@code serve:FRAMEWORK/M}, the same
     * weights behind {@code serve}; a value that is itself a server model ({@code serve:...} or {@code URL#NAME}) is
     * taken as given.
     */
    public SuiteEntry overriddenBy(Map<String, List<String>> overrides) {
        Map<String, List<String>> merged = new LinkedHashMap<>(params);
        merged.putAll(overrides);
        List<String> own = params.get(MODEL);
        List<String> models = overrides.get(MODEL);
        if (own != null && models != null && Objects.equals(merged.get(FRAMEWORK), params.get(FRAMEWORK)) && own.size() == 1 && own.get(0).startsWith(SERVE_PREFIX) && own.get(0).indexOf('/') > 0) {
            String served = own.get(0).substring(0, own.get(0).lastIndexOf('/') + 1);
            merged.put(MODEL, models.stream().map(m -> m.startsWith(SERVE_PREFIX) || m.contains("#") ? m : served + m).toList());
        }
        return new SuiteEntry(benchmark, merged);
    }
}
