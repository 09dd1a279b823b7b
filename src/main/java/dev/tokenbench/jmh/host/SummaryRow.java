package dev.tokenbench.jmh.host;

import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.measure.Figure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One line of a run's summary: a configuration and its headline figures, merged over all its iterations and
 * forks. Times in milliseconds; absent figures are empty.
 *
 * @param benchmark            benchmark class name without package, e.g. {@code GenerationLatencyBenchmark}
 * @param framework            the {@code framework} parameter, or {@code -}
 * @param model                the {@code model} parameter, or {@code -}
 * @param precision            the {@code precision} parameter, or {@code -}
 * @param batchSize            the {@code batchSize} parameter, or {@code -}
 * @param promptTokens         the {@code promptTokens} parameter, or {@code -}
 * @param newTokens            the {@code newTokens} parameter, or {@code -}
 * @param ttftP50Millis        {@code ttft.p50}
 * @param ttftP99Millis        {@code ttft.p99}
 * @param itlMeanMillis        {@code itl.mean}
 * @param itlP99Millis         {@code itl.p99}
 * @param outputTokensPerSecond {@code output.tokens_per_s}
 * @param decodeTokensPerSecond {@code decode.tokens_per_s}
 * @param peakRssBytes         {@code rss.peak} (or {@code rss.peak.since_fork_start})
 */
public record SummaryRow(String benchmark, String framework, String model, String precision, String batchSize, String promptTokens, String newTokens,
                         OptionalDouble ttftP50Millis, OptionalDouble ttftP99Millis, OptionalDouble itlMeanMillis,
                         OptionalDouble itlP99Millis, OptionalDouble outputTokensPerSecond, OptionalDouble decodeTokensPerSecond,
                         OptionalDouble peakRssBytes) {

    /** One row per run result, in order. */
    public static List<SummaryRow> of(Collection<RunResult> results) {
        List<SummaryRow> rows = new ArrayList<>();
        for (RunResult result : results) {
            rows.add(of(result));
        }
        return rows;
    }

    /** The row of one configuration. */
    @SuppressWarnings("rawtypes") // JMH's result maps are raw
    public static SummaryRow of(RunResult result) {
        BenchmarkParams params = result.getParams();
        Map<String, Result> secondary = result.getSecondaryResults();
        String benchmark = params.getBenchmark();
        int method = benchmark.lastIndexOf('.');
        String className = method > 0 ? benchmark.substring(0, method) : benchmark;
        className = className.substring(className.lastIndexOf('.') + 1);
        OptionalDouble rss = score(secondary, Figure.PEAK_RSS.label());
        if (rss.isEmpty()) {
            rss = score(secondary, Figure.PEAK_RSS_SINCE_FORK_START.label());
        }
        return new SummaryRow(className, param(params, "framework"), param(params, "model"), param(params, "precision"),
                param(params, "batchSize"),
                param(params, "promptTokens"), param(params, "newTokens"),
                score(secondary, Figure.TTFT_P50.label()), score(secondary, Figure.TTFT_P99.label()),
                score(secondary, Figure.ITL_MEAN.label()), score(secondary, Figure.ITL_P99.label()),
                score(secondary, Figure.OUTPUT_TOKENS_PER_SECOND.label()),
                score(secondary, Figure.DECODE_TOKENS_PER_SECOND.label()), rss);
    }

    /** Whether this row's engine does no work of its own (its provider says so), so its figures are the harness's cost. */
    public boolean measuresHarnessCost() {
        return EngineRegistry.provider(framework).filter(p -> p.measuresHarnessCost(model)).isPresent();
    }

    /**
     * Nanoseconds of wall time per new token, request start to last token (the inverse of the output
     * throughput): for the zero-delay fake, the harness's cost per token including its share of the request's
     * fixed costs.
     */
    public OptionalDouble nanosPerToken() {
        return inverse(outputTokensPerSecond);
    }

    /** Nanoseconds between tokens after the first (the inverse of the decode throughput): for the zero-delay fake, the per-token cost alone. */
    public OptionalDouble nanosPerDecodeToken() {
        return inverse(decodeTokensPerSecond);
    }

    private static OptionalDouble inverse(OptionalDouble perSecond) {
        return perSecond.isPresent() && perSecond.getAsDouble() > 0 ? OptionalDouble.of(1e9 / perSecond.getAsDouble()) : OptionalDouble.empty();
    }

    private static String param(BenchmarkParams params, String name) {
        return Optional.ofNullable(params.getParam(name)).orElse("-");
    }

    @SuppressWarnings("rawtypes") // JMH's result maps are raw
    private static OptionalDouble score(Map<String, Result> secondary, String label) {
        Result result = secondary.get(label);
        return result == null ? OptionalDouble.empty() : OptionalDouble.of(result.getScore());
    }
}
