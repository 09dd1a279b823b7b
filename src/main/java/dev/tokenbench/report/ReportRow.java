package dev.tokenbench.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One configuration of one input: the row model both JMH files and plain-API results map to.
 *
 * @param source          the input it came from: a run folder's name, or a file name without {@code .json}
 * @param framework       the {@code framework} parameter ({@code -} when the benchmark has none)
 * @param workload        benchmark, mode and workload parameters
 * @param values          merged figures over all iterations and forks, in {@link Metric#unit()}; absent figures are missing
 * @param iterationValues per measured iteration (all forks), each iteration's own figure: the samples of the tests
 * @param primaryScore    JMH's primary score (not a token figure), if finite
 * @param primaryUnit     its unit, e.g. {@code ms/op}
 * @param rssSinceForkStart whether peak RSS could not be reset per iteration and covers the whole fork
 * @param failure         why the configuration produced no result, for a failed row
 * @param forkJvm         the Java runtime the configuration's forks ran on, as JMH recorded it ({@code Java 25.0.3}),
 *                        or empty when unknown (plain-API results, files without the fields)
 */
public record ReportRow(String source, String framework, WorkloadKey workload, Map<Metric, Double> values,
                        Map<Metric, double[]> iterationValues, OptionalDouble primaryScore, String primaryUnit,
                        boolean rssSinceForkStart, Optional<String> failure, String forkJvm) {

    /** The framework name of the harness-cost baseline engine: never chosen as the default comparison baseline. */
    public static final String FAKE_FRAMEWORK = "fake";

    public ReportRow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(primaryScore, "primaryScore");
        Objects.requireNonNull(primaryUnit, "primaryUnit");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(forkJvm, "forkJvm");
        Map<Metric, Double> copy = new EnumMap<>(Metric.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
        Map<Metric, double[]> iterations = new EnumMap<>(Metric.class);
        iterations.putAll(iterationValues);
        iterationValues = Collections.unmodifiableMap(iterations);
    }

    /** A row whose fork JVM is unknown. */
    public ReportRow(String source, String framework, WorkloadKey workload, Map<Metric, Double> values, Map<Metric, double[]> iterationValues,
                     OptionalDouble primaryScore, String primaryUnit, boolean rssSinceForkStart, Optional<String> failure) {
        this(source, framework, workload, values, iterationValues, primaryScore, primaryUnit, rssSinceForkStart, failure, "");
    }

    /** A configuration that failed: no figures, only the reason. */
    static ReportRow failed(String source, String framework, WorkloadKey workload, String reason) {
        return new ReportRow(source, framework, workload, Map.of(), Map.of(), OptionalDouble.empty(), "", false, Optional.of(reason));
    }

    /** The same row with one more figure (or a replaced one). */
    ReportRow withValue(Metric metric, double value) {
        Map<Metric, Double> more = new EnumMap<>(Metric.class);
        more.putAll(values);
        more.put(metric, value);
        return new ReportRow(source, framework, workload, more, iterationValues, primaryScore, primaryUnit, rssSinceForkStart, failure, forkJvm);
    }

    /** The figure, if present. */
    public OptionalDouble value(Metric metric) {
        Double value = values.get(metric);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** The per-iteration figures (empty when unknown). */
    public double[] iterations(Metric metric) {
        double[] values = iterationValues.get(metric);
        return values == null ? new double[0] : values.clone();
    }

    /**
     * How the row's ITL was measured: {@code chunked} when some of its requests' server-sent events carried several
     * tokens at once ({@code requests.chunked} > 0), so the chunked-ITL rule spread their times; {@code per_token} when
     * every token was observed on its own; empty without ITL figures.
     */
    public String itlRule() {
        if (value(Metric.REQUESTS_CHUNKED).orElse(0) > 0) {
            return ITL_RULE_CHUNKED;
        }
        return value(Metric.ITL_MEAN).isPresent() ? "per_token" : "";
    }

    /** {@link #itlRule()} of a row whose ITL follows the chunked-ITL rule. */
    public static final String ITL_RULE_CHUNKED = "chunked";

    /** Whether the configuration failed. */
    public boolean isFailed() {
        return failure.isPresent();
    }

    /** Whether any token-timing figure is present. */
    boolean hasTokenFigures() {
        for (Metric metric : Metric.TOKEN_FIGURES) {
            if (values.containsKey(metric)) {
                return true;
            }
        }
        return false;
    }
}
