package dev.tokenbench.sweep;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One point of a sweep: a benchmark and one value of every axis; it runs in its own JMH fork(s), once per round.
 *
 * @param benchmark    what runs
 * @param framework    engine, e.g. {@code djl-pytorch}
 * @param model        model preset or path (for {@code fake} a schedule)
 * @param precision    weight precision, e.g. {@code f32}
 * @param batchSize    prompts per request (B)
 * @param promptTokens tokens per prompt (P)
 * @param newTokens    new tokens per prompt (N)
 * @param threads      the engine's compute threads
 */
public record Configuration(SweepBenchmark benchmark, String framework, String model, String precision, int batchSize,
                            int promptTokens, int newTokens, int threads) {

    public Configuration {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(precision, "precision");
    }

    /** The configuration of {@code benchmark} with the given value of every axis. */
    static Configuration of(SweepBenchmark benchmark, Map<SweepAxis, String> values) {
        return new Configuration(benchmark, values.get(SweepAxis.FRAMEWORK), values.get(SweepAxis.MODEL), values.get(SweepAxis.PRECISION),
                Integer.parseInt(values.get(SweepAxis.BATCH_SIZE)), Integer.parseInt(values.get(SweepAxis.PROMPT_TOKENS)),
                Integer.parseInt(values.get(SweepAxis.NEW_TOKENS)), Integer.parseInt(values.get(SweepAxis.THREADS)));
    }

    /** This configuration's value on {@code axis}, as a spec writes it. */
    public String value(SweepAxis axis) {
        return switch (axis) {
            case FRAMEWORK -> framework;
            case MODEL -> model;
            case PRECISION -> precision;
            case BATCH_SIZE -> Integer.toString(batchSize);
            case PROMPT_TOKENS -> Integer.toString(promptTokens);
            case NEW_TOKENS -> Integer.toString(newTokens);
            case THREADS -> Integer.toString(threads);
        };
    }

    /** The JMH {@code @Param} values, by name, in axis order. */
    public Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        for (SweepAxis axis : SweepAxis.values()) {
            params.put(axis.key(), value(axis));
        }
        return params;
    }

    /**
     * A stable id, readable and safe as a folder name, that depends only on this configuration's values:
     * {@code generation-llama.cpp-small-f32-b8-p128-n64-t2}. A model path is reduced to its safe characters and
     * suffixed with a short hash of the path, so two paths never share an id.
     */
    public String id() {
        return benchmark.key() + "-" + safe(framework) + "-" + safe(model) + "-" + safe(precision) + "-b" + batchSize + "-p" + promptTokens
                + "-n" + newTokens + "-t" + threads;
    }

    /** The id of the workload: every value but the framework. Configurations of one workload are compared with each other. */
    public String workloadId() {
        return benchmark.key() + "-" + safe(model) + "-" + safe(precision) + "-b" + batchSize + "-p" + promptTokens + "-n" + newTokens
                + "-t" + threads;
    }

    private static String safe(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (cleaned.equals(value) && !value.startsWith(".")) {
            return value;
        }
        String trimmed = cleaned.replaceAll("^[._-]+", "");
        if (trimmed.length() > 40) {
            trimmed = trimmed.substring(trimmed.length() - 40);
        }
        return trimmed + "_" + String.format(Locale.ROOT, "%08x", value.hashCode());
    }
}
