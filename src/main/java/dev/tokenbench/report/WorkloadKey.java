package dev.tokenbench.report;

import java.util.Comparator;
import java.util.Objects;

/**
 * What was run, by which rows are grouped so that only like is compared with like: the benchmark and the
 * workload parameters as JMH wrote them ({@code -} where a benchmark has no such parameter).
 *
 * @param benchmark    benchmark class and method without package, e.g. {@code GenerationLatencyBenchmark.generate}
 * @param mode         JMH mode label, e.g. {@code ss}
 * @param model        the {@code model} parameter
 * @param precision    the {@code precision} parameter
 * @param batchSize    the {@code batchSize} parameter
 * @param promptTokens the {@code promptTokens} parameter
 * @param newTokens    the {@code newTokens} parameter
 * @param threads      the {@code threads} parameter (engine compute threads)
 */
public record WorkloadKey(String benchmark, String mode, String model, String precision, String batchSize, String promptTokens,
                          String newTokens, String threads) implements Comparable<WorkloadKey> {

    /** Shown where a parameter is absent. */
    public static final String ABSENT = "-";

    private static final Comparator<String> NATURAL = WorkloadKey::compareNatural;
    private static final Comparator<WorkloadKey> ORDER = Comparator.comparing(WorkloadKey::benchmark, NATURAL)
            .thenComparing(WorkloadKey::mode, NATURAL)
            .thenComparing(WorkloadKey::model, NATURAL)
            .thenComparing(WorkloadKey::precision, NATURAL)
            .thenComparing(WorkloadKey::batchSize, NATURAL)
            .thenComparing(WorkloadKey::promptTokens, NATURAL)
            .thenComparing(WorkloadKey::newTokens, NATURAL)
            .thenComparing(WorkloadKey::threads, NATURAL);

    public WorkloadKey {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(batchSize, "batchSize");
        Objects.requireNonNull(promptTokens, "promptTokens");
        Objects.requireNonNull(newTokens, "newTokens");
        Objects.requireNonNull(threads, "threads");
    }

    /** One line for headings: {@code GenerationLatencyBenchmark.generate (ss): model tiny, f32, batch 1, prompt 128, new 64, threads 1}. */
    public String describe() {
        return benchmark + " (" + mode + "): model " + model + ", precision " + precision + ", batch " + batchSize + ", prompt "
                + promptTokens + ", new " + newTokens + ", threads " + threads;
    }

    @Override
    public int compareTo(WorkloadKey other) {
        return ORDER.compare(this, other);
    }

    /** Numbers by value, anything else by text, numbers first. */
    static int compareNatural(String a, String b) {
        Long x = parse(a);
        Long y = parse(b);
        if (x != null && y != null) {
            return Long.compare(x, y);
        }
        if (x != null) {
            return -1;
        }
        if (y != null) {
            return 1;
        }
        return a.compareTo(b);
    }

    private static Long parse(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return null;
            }
        }
        return Long.parseLong(text);
    }
}
