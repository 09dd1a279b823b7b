package dev.tokenbench.jmh;

import dev.tokenbench.measure.Figure;
import dev.tokenbench.measure.MemoryPeaks;
import dev.tokenbench.measure.MemoryProbe;
import dev.tokenbench.measure.RssPeakScope;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * Peak memory of each measured iteration, in bytes, as secondary results that JMH aggregates by their maximum
 * (the peak over all iterations and forks):
 * <ul>
 *   <li>{@code rss.peak}: the fork's resident-set high-water mark, reset at the iteration's start through
 *       {@code /proc/self/clear_refs}; where the kernel refuses the reset it is {@code rss.peak.since_fork_start};</li>
 *   <li>{@code heap.peak}: the JVM heap pools' summed peak usage, reset at the iteration's start;</li>
 *   <li>{@code tensor.bytes}: the engine's live native tensor bytes at the iteration's end, where the engine
 *       can count them;</li>
 *   <li>{@code gpu.bytes}: device memory in use, where a GPU and a way to read it exist.</li>
 * </ul>
 * A figure this machine or engine cannot give is not emitted at all, never as 0. Warm-up iterations give
 * nothing. Short names: {@code -prof memory} with our launcher, else {@code -prof dev.tokenbench.jmh.MemoryProfiler}.
 */
public final class MemoryProfiler implements InternalProfiler {

    /** The short name our launcher accepts after {@code -prof}. */
    public static final String SHORT_NAME = "memory";
    /** Unit of every memory figure. */
    public static final String BYTES = Figure.Unit.BYTES.symbol();

    private final MemoryProbe probe;
    private final ForkRecorder recorder;
    private MemoryProbe.Window window;

    /** The profiler of this fork, as JMH instantiates it. */
    public MemoryProfiler() {
        this(MemoryProbe.system(), ForkRecorder.fork());
    }

    /**
     * As JMH instantiates it with {@code -prof memory:OPTIONS}.
     *
     * @throws ProfilerException if options are given: it takes none
     */
    public MemoryProfiler(String options) throws ProfilerException {
        this();
        if (options != null && !options.isBlank()) {
            throw new ProfilerException("the memory profiler takes no options, got '" + options + "'");
        }
    }

    MemoryProfiler(MemoryProbe probe, ForkRecorder recorder) {
        this.probe = probe;
        this.recorder = recorder;
    }

    @Override
    public String getDescription() {
        return "tokenbench memory: peak RSS and heap per iteration, engine tensor bytes, GPU memory where present";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        window = probe.start();
    }

    @Override
    public List<ScalarResult> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        MemoryProbe.Window finished = window;
        window = null;
        if (finished == null || iterationParams.getType() != IterationType.MEASUREMENT) {
            return List.of();
        }
        return results(finished.end().withTensorBytes(recorder.tensorBytes()));
    }

    /** The results of one iteration's peaks; absent figures give no result. */
    static List<ScalarResult> results(MemoryPeaks peaks) {
        List<ScalarResult> results = new ArrayList<>();
        String rssLabel = peaks.rssPeakScope() == RssPeakScope.PER_ITERATION ? Figure.PEAK_RSS.label() : Figure.PEAK_RSS_SINCE_FORK_START.label();
        add(results, peaks.peakRssBytes(), bytes -> peak(rssLabel, bytes));
        add(results, peaks.heapPeakBytes(), bytes -> peak(Figure.HEAP_PEAK.label(), bytes));
        add(results, peaks.tensorBytes(), bytes -> peak(Figure.TENSOR_BYTES.label(), bytes));
        add(results, peaks.gpuMemoryBytes(), bytes -> peak(Figure.GPU_BYTES.label(), bytes));
        return results;
    }

    private static void add(List<ScalarResult> results, OptionalLong figure, LongFunction<ScalarResult> result) {
        if (figure.isPresent()) {
            results.add(result.apply(figure.getAsLong()));
        }
    }

    private static ScalarResult peak(String label, long bytes) {
        return new ScalarResult(label, bytes, BYTES, AggregationPolicy.MAX);
    }
}
