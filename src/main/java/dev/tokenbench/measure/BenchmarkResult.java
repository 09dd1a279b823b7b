package dev.tokenbench.measure;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One measured configuration: what ran, on what, and every figure the README's "Metric definitions" section defines, with the raw samples
 * behind them. Times are nanoseconds; throughputs tokens per second; memory bytes.
 *
 * @param schemaVersion            version of this record's JSON form ({@link #SCHEMA_VERSION} when written)
 * @param timestamp                when the measured runs finished
 * @param framework                the framework as the engine reported it
 * @param workload                 model, precision, batch, prompt and new tokens, threads
 * @param warmupRuns               requests run before measuring, excluded from every figure
 * @param measuredRuns             requests measured
 * @param timeToFirstTokenNanos    TTFT over sequences; absent when the generator did not stream
 * @param interTokenLatencyNanos   ITL over pooled token gaps; absent when not streamed or N = 1
 * @param timePerOutputTokenNanos  TPOT over sequences; absent when not streamed or N = 1
 * @param endToEndNanos            E2E over sequences
 * @param outputTokensPerSecond    total new tokens / total request wall time
 * @param prefillTokensPerSecond   total prompt tokens / total time until every sequence had its first token
 * @param decodeTokensPerSecond    total tokens after the first / total decode wall time
 * @param memory                   peak RSS, heap peak, tensor and GPU bytes over the measured runs
 * @param memoryEfficiency         output tokens per second per GiB of peak RSS
 * @param tokensPerPeakMib         output tokens of the measured runs per MiB of peak RSS
 * @param samples                  the raw samples and totals behind every figure, in the one samples type that JMH forks and the
 *                                 report use too: {@link Figure} computes any figure from them again
 * @param environment              machine and software facts
 */
public record BenchmarkResult(
        int schemaVersion,
        Instant timestamp,
        FrameworkInfo framework,
        Workload workload,
        int warmupRuns,
        int measuredRuns,
        Optional<Statistics> timeToFirstTokenNanos,
        Optional<Statistics> interTokenLatencyNanos,
        Optional<Statistics> timePerOutputTokenNanos,
        Statistics endToEndNanos,
        OptionalDouble outputTokensPerSecond,
        OptionalDouble prefillTokensPerSecond,
        OptionalDouble decodeTokensPerSecond,
        MemoryPeaks memory,
        OptionalDouble memoryEfficiency,
        OptionalDouble tokensPerPeakMib,
        TokenSamples samples,
        EnvironmentFacts environment) {

    /**
     * The version of the JSON form written by this build; readers reject newer versions. 2: {@code samples} is a
     * {@link TokenSamples}; 1 (still read, see {@link ResultJson}) held the sample series and a list of requests.
     */
    public static final int SCHEMA_VERSION = 2;

    public BenchmarkResult {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(timeToFirstTokenNanos, "timeToFirstTokenNanos");
        Objects.requireNonNull(interTokenLatencyNanos, "interTokenLatencyNanos");
        Objects.requireNonNull(timePerOutputTokenNanos, "timePerOutputTokenNanos");
        Objects.requireNonNull(endToEndNanos, "endToEndNanos");
        Objects.requireNonNull(outputTokensPerSecond, "outputTokensPerSecond");
        Objects.requireNonNull(prefillTokensPerSecond, "prefillTokensPerSecond");
        Objects.requireNonNull(decodeTokensPerSecond, "decodeTokensPerSecond");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(memoryEfficiency, "memoryEfficiency");
        Objects.requireNonNull(tokensPerPeakMib, "tokensPerPeakMib");
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(environment, "environment");
        if (warmupRuns < 0) {
            throw new IllegalArgumentException("warmupRuns must be >= 0, was " + warmupRuns);
        }
        if (measuredRuns < 1) {
            throw new IllegalArgumentException("measuredRuns must be >= 1, was " + measuredRuns);
        }
    }

    /**
     * Builds a result from the metrics of the measured requests and the memory peaks over them.
     */
    public static BenchmarkResult of(
            FrameworkInfo framework,
            Workload workload,
            int warmupRuns,
            TokenMetrics metrics,
            MemoryPeaks memory,
            EnvironmentFacts environment,
            Instant timestamp) {
        OptionalDouble outputRate = metrics.outputTokensPerSecond();
        OptionalDouble efficiency = OptionalDouble.empty();
        OptionalDouble perMib = OptionalDouble.empty();
        if (memory.peakRssBytes().isPresent()) {
            double peakRss = memory.peakRssBytes().getAsLong();
            perMib = Figure.tokensPerPeakMib(metrics.outputTokens(), peakRss);
            if (outputRate.isPresent()) {
                efficiency = Figure.memoryEfficiency(outputRate.getAsDouble(), peakRss);
            }
        }
        return new BenchmarkResult(
                SCHEMA_VERSION,
                timestamp,
                framework,
                workload,
                warmupRuns,
                metrics.requestCount(),
                metrics.timeToFirstToken(),
                metrics.interTokenLatency(),
                metrics.timePerOutputToken(),
                metrics.endToEnd(),
                outputRate,
                metrics.prefillTokensPerSecond(),
                metrics.decodeTokensPerSecond(),
                memory,
                efficiency,
                perMib,
                metrics.samples(),
                environment);
    }
}
