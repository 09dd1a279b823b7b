package dev.tokenbench.report;

import dev.tokenbench.measure.BenchmarkResult;
import dev.tokenbench.measure.EnvironmentFacts;
import dev.tokenbench.measure.Figure;
import dev.tokenbench.measure.TokenSamples;
import dev.tokenbench.measure.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

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
    /** The latency figures of a row, computed from the result's pooled samples. */
    private static final List<Metric> SERIES = List.of(Metric.TTFT_P50, Metric.TTFT_P99, Metric.ITL_MEAN, Metric.ITL_P50,
            Metric.ITL_P99, Metric.TPOT_MEAN);
    /** The figures each request gets on its own, in the order the report lists them. */
    private static final List<Metric> PER_REQUEST = List.of(Metric.OUTPUT_TOKENS_PER_SECOND, Metric.TTFT_P50, Metric.TTFT_P99,
            Metric.ITL_MEAN, Metric.ITL_P50, Metric.ITL_P99, Metric.TPOT_MEAN);

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
        for (Metric metric : SERIES) {
            put(values, metric, metric.figure().valueOf(result.samples()));
        }
        // The throughputs a result stores were computed by the same TokenSamples formulas when it was measured; they
        // are read as stored because a version 1 file lacks the prefill and decode totals to compute them again.
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

    /**
     * Each request's own figures, computed by {@link Figure} from that request's samples. The pooled series split by
     * request where they hold B samples (TTFT, TPOT) or B x (N - 1) gaps (ITL) per request; a figure is left out when
     * any request cannot give it.
     */
    private static Map<Metric, double[]> perRequest(BenchmarkResult result) {
        Map<Metric, double[]> iterations = new LinkedHashMap<>();
        TokenSamples samples = result.samples();
        int n = samples.requestWallNanos().length;
        int batch = result.workload().batchSize();
        int gaps = batch * (result.workload().newTokens() - 1);
        List<TokenSamples> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            requests.add(request(samples, i, n, batch, gaps));
        }
        for (Metric metric : PER_REQUEST) {
            double[] values = new double[n];
            for (int i = 0; i < n && values != null; i++) {
                OptionalDouble value = metric.figure().valueOf(requests.get(i));
                if (value.isPresent()) {
                    values[i] = value.getAsDouble();
                } else {
                    values = null;
                }
            }
            if (n > 0 && values != null) {
                iterations.put(metric, values);
            }
        }
        return iterations;
    }

    /** Request {@code i} of {@code n} on its own: its wall time and tokens, and its share of each series that splits evenly. */
    private static TokenSamples request(TokenSamples all, int i, int n, int batch, int gaps) {
        long wallNanos = all.requestWallNanos()[i];
        long tokens = all.requestOutputTokens()[i];
        return new TokenSamples(1, batch, all.streamed(), share(all.timeToFirstTokenNanos(), i, n, batch),
                share(all.interTokenLatencyNanos(), i, n, gaps), share(all.timePerOutputTokenNanos(), i, n, batch),
                share(all.endToEndNanos(), i, n, batch), new long[] {wallNanos}, new long[] {tokens}, tokens, wallNanos, -1,
                0, 0, 0, 0);
    }

    private static long[] share(long[] all, int i, int n, int perRequest) {
        return perRequest < 1 || all.length != (long) n * perRequest ? new long[0]
                : Arrays.copyOfRange(all, i * perRequest, (i + 1) * perRequest);
    }

    private static double[] share(double[] all, int i, int n, int perRequest) {
        return perRequest < 1 || all.length != (long) n * perRequest ? new double[0]
                : Arrays.copyOfRange(all, i * perRequest, (i + 1) * perRequest);
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
                versions, build.gitCommit().map(c -> build.gitDirty() ? c + " (dirty)" : c), Optional.empty(), env.hostName());
    }
}
