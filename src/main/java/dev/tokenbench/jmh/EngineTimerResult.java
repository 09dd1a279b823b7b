package dev.tokenbench.jmh;

import dev.tokenbench.measure.Figure;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.Aggregator;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;

/**
 * An engine's own timer as a JMH secondary result, beside the harness's figures: {@code engine.prefill_ms} (the
 * engine's prompt-processing time per sequence) and {@code engine.itl_ms} (its mean time per generated token after
 * the first), in milliseconds, the mean over every request's report.
 *
 * <p>Aggregation policy: results keep their sum and count, and merging adds both, so the merged score over
 * iterations and forks is the mean over all requests, never a mean of iteration means.
 */
public final class EngineTimerResult extends Result<EngineTimerResult> {

    private static final long serialVersionUID = 1L;

    /** Label of the engine's prefill timer. */
    public static final String PREFILL = Figure.ENGINE_PREFILL.label();
    /** Label of the engine's time-per-token timer. */
    public static final String INTER_TOKEN = Figure.ENGINE_ITL.label();

    private final double sumNanos;
    private final long count;

    /**
     * @param label    {@link #PREFILL} or {@link #INTER_TOKEN}
     * @param sumNanos sum of the engine's reports, in nanoseconds
     * @param count    number of reports, at least 1
     */
    public EngineTimerResult(String label, double sumNanos, long count) {
        super(ResultRole.SECONDARY, label, of(sumNanos / count / 1e6), Figure.MILLISECONDS, AggregationPolicy.AVG);
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        this.sumNanos = sumNanos;
        this.count = count;
    }

    /** Reports merged into this result. */
    public long count() {
        return count;
    }

    @Override
    public double getScore() {
        return sumNanos / count / 1e6;
    }

    @Override
    public double getScoreError() {
        return Double.NaN;
    }

    @Override
    public long getSampleCount() {
        return count;
    }

    @Override
    protected Aggregator<EngineTimerResult> getThreadAggregator() {
        return EngineTimerResult::merge;
    }

    @Override
    protected Aggregator<EngineTimerResult> getIterationAggregator() {
        return EngineTimerResult::merge;
    }

    static EngineTimerResult merge(Collection<EngineTimerResult> results) {
        String label = null;
        double sum = 0;
        long count = 0;
        for (EngineTimerResult result : results) {
            label = result.getLabel();
            sum += result.sumNanos;
            count += result.count;
        }
        if (label == null) {
            throw new IllegalArgumentException("nothing to merge: results is empty");
        }
        return new EngineTimerResult(label, sum, count);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3f ms", getScore());
    }
}
