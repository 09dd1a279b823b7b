package dev.tokenbench.report;

import dev.tokenbench.measure.BenchmarkResult;
import dev.tokenbench.measure.EnvironmentFacts;
import dev.tokenbench.measure.RawSamples;
import dev.tokenbench.measure.TokenSamples;
import dev.tokenbench.measure.Statistics;
import dev.tokenbench.measure.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

/**
 * Maps plain-API {@link BenchmarkResult}s to {@link ReportRow}s. A result's measured requests play the part of
 * JMH's iterations: each request's own figure is a per-iteration value (its sequences' TTFT, its token gaps,
 * its tokens over its wall time), so the same tests apply.
 */
final class ResultRows {

    /** The source label of plain-API results. */
    static final String SOURCE = "api";
    /** The benchmark name of plain-API results. */
    static final String BENCHMARK = "TokenBench";
    private static final double NANOS_PER_MILLI = 1e6;

    private ResultRows() {
    }

    /** One input of all {@code results}, with the first result's environment. */
    static ReportInput of(List<BenchmarkResult> results) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("results: empty; give at least one BenchmarkResult");
        }
        List<ReportRow> rows = new ArrayList<>();
        for (BenchmarkResult result : results) {
            rows.add(row(result));
        }
        return new ReportInput(SOURCE, rows, Optional.of(machine(results.get(0).environment())));
    }

    static ReportRow row(BenchmarkResult result) {
        Workload w = result.workload();
        WorkloadKey key = new WorkloadKey(BENCHMARK, "api", w.model(), w.precision(), Integer.toString(w.batchSize()),
                w.promptTokens().isPresent() ? Integer.toString(w.promptTokens().getAsInt()) : WorkloadKey.ABSENT,
                Integer.toString(w.newTokens()), Integer.toString(w.threads()));
        Map<Metric, Double> values = new LinkedHashMap<>();
        result.timeToFirstTokenNanos().ifPresent(s -> {
            values.put(Metric.TTFT_P50, s.p50() / NANOS_PER_MILLI);
            values.put(Metric.TTFT_P99, s.p99() / NANOS_PER_MILLI);
        });
        result.interTokenLatencyNanos().ifPresent(s -> {
            values.put(Metric.ITL_MEAN, s.mean() / NANOS_PER_MILLI);
            values.put(Metric.ITL_P50, s.p50() / NANOS_PER_MILLI);
            values.put(Metric.ITL_P99, s.p99() / NANOS_PER_MILLI);
        });
        result.timePerOutputTokenNanos().ifPresent(s -> values.put(Metric.TPOT_MEAN, s.mean() / NANOS_PER_MILLI));
        put(values, Metric.OUTPUT_TOKENS_PER_SECOND, result.outputTokensPerSecond());
        put(values, Metric.PREFILL_TOKENS_PER_SECOND, result.prefillTokensPerSecond());
        put(values, Metric.DECODE_TOKENS_PER_SECOND, result.decodeTokensPerSecond());
        putLong(values, Metric.PEAK_RSS, result.memory().peakRssBytes());
        putLong(values, Metric.HEAP_PEAK, result.memory().heapPeakBytes());
        Map<Metric, double[]> iterations = perRequest(result);
        JmhResultReader.deriveEfficiency(values, iterations);
        boolean sinceStart = result.memory().rssPeakScope() == dev.tokenbench.measure.RssPeakScope.SINCE_PROCESS_START;
        return new ReportRow(SOURCE, result.framework().name(), key, values, iterations, OptionalDouble.empty(), "", sinceStart, Optional.empty());
    }

    /** Each request's own figures, where the raw samples split by request (B sequences, B x (N - 1) gaps per request). */
    private static Map<Metric, double[]> perRequest(BenchmarkResult result) {
        Map<Metric, double[]> iterations = new LinkedHashMap<>();
        RawSamples samples = result.samples();
        List<RawSamples.RequestSample> requests = samples.requests();
        int n = requests.size();
        if (n == 0) {
            return iterations;
        }
        double[] output = new double[n];
        for (int i = 0; i < n; i++) {
            RawSamples.RequestSample request = requests.get(i);
            OptionalDouble rate = TokenSamples.tokensPerSecond(request.outputTokens(), request.wallNanos());
            if (rate.isEmpty()) {
                output = null;
                break;
            }
            output[i] = rate.getAsDouble();
        }
        if (output != null) {
            iterations.put(Metric.OUTPUT_TOKENS_PER_SECOND, output);
        }
        int batch = result.workload().batchSize();
        int gaps = batch * (result.workload().newTokens() - 1);
        split(iterations, Metric.TTFT_P50, toDoubles(samples.timeToFirstTokenNanos()), n, batch, s -> s.p50() / NANOS_PER_MILLI);
        split(iterations, Metric.TTFT_P99, toDoubles(samples.timeToFirstTokenNanos()), n, batch, s -> s.p99() / NANOS_PER_MILLI);
        split(iterations, Metric.ITL_MEAN, toDoubles(samples.interTokenLatencyNanos()), n, gaps, s -> s.mean() / NANOS_PER_MILLI);
        split(iterations, Metric.ITL_P50, toDoubles(samples.interTokenLatencyNanos()), n, gaps, s -> s.p50() / NANOS_PER_MILLI);
        split(iterations, Metric.ITL_P99, toDoubles(samples.interTokenLatencyNanos()), n, gaps, s -> s.p99() / NANOS_PER_MILLI);
        split(iterations, Metric.TPOT_MEAN, samples.timePerOutputTokenNanos(), n, batch, s -> s.mean() / NANOS_PER_MILLI);
        return iterations;
    }

    private static void split(Map<Metric, double[]> iterations, Metric metric, double[] all, int requests, int perRequest,
                              ToDoubleFunction<Statistics> statistic) {
        if (perRequest < 1 || all.length != (long) requests * perRequest) {
            return;
        }
        double[] values = new double[requests];
        for (int i = 0; i < requests; i++) {
            values[i] = statistic.applyAsDouble(Statistics.of(Arrays.copyOfRange(all, i * perRequest, (i + 1) * perRequest)));
        }
        iterations.put(metric, values);
    }

    private static double[] toDoubles(long[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    private static void put(Map<Metric, Double> values, Metric metric, OptionalDouble value) {
        if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
            values.put(metric, value.getAsDouble());
        }
    }

    private static void putLong(Map<Metric, Double> values, Metric metric, OptionalLong value) {
        if (value.isPresent()) {
            values.put(metric, (double) value.getAsLong());
        }
    }

    private static Machine machine(EnvironmentFacts env) {
        var build = env.build();
        String versions = "tokenbench " + build.tokenbenchVersion() + ", DJL " + build.djlVersion() + ", PyTorch " + build.pytorchVersion()
                + ", JMH " + build.jmhVersion() + ", java-llama.cpp " + build.llamaCppJavaVersion();
        return new Machine(env.cpuModel(), env.availableProcessors(), env.totalMemoryBytes(),
                env.osName() + " " + env.osVersion() + " (" + env.osArch() + ")", env.jvmName() + ", " + env.jvmVendor() + " " + env.jvmVersion(),
                versions, build.gitCommit().map(c -> build.gitDirty() ? c + " (dirty)" : c), Optional.empty());
    }
}
