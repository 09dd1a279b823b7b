package dev.tokenbench.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The benchmarks a sweep can run, each with its JMH method and its new-token count when the spec gives none. */
public enum SweepBenchmark {
    /** Whole requests: every figure. */
    GENERATION("dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate", 64, true),
    /** One new token per request, in JMH's sample-time mode: TTFT and prefill tokens/s. */
    PREFILL("dev.tokenbench.benchmarks.PrefillLatencyBenchmark.prefill", 1, false),
    /** Requests at a given context length: ITL, TPOT and decode tokens/s. */
    DECODE("dev.tokenbench.benchmarks.DecodeLatencyBenchmark.decode", 32, true);

    private final String jmhMethod;
    private final int defaultNewTokens;
    private final boolean singleShot;

    SweepBenchmark(String jmhMethod, int defaultNewTokens, boolean singleShot) {
        this.jmhMethod = jmhMethod;
        this.defaultNewTokens = defaultNewTokens;
        this.singleShot = singleShot;
    }

    /** The name in a spec file and in configuration ids. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The JMH benchmark method, fully qualified (a JMH include pattern that matches only it). */
    public String jmhMethod() {
        return jmhMethod;
    }

    /** New tokens per sequence when the spec has no {@code newTokens} axis. */
    public int defaultNewTokens() {
        return defaultNewTokens;
    }

    /** Whether each measured iteration is one request (single-shot time) rather than a time-boxed sample. */
    public boolean singleShot() {
        return singleShot;
    }

    /** The benchmark called {@code key}, if any. */
    public static Optional<SweepBenchmark> byKey(String key) {
        return Arrays.stream(values()).filter(benchmark -> benchmark.key().equals(key)).findFirst();
    }

    /** Every benchmark name, in order. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(SweepBenchmark::key).toList();
    }
}
