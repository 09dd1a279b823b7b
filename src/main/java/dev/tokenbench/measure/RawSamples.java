package dev.tokenbench.measure;

import java.util.Arrays;
import java.util.List;

/**
 * The raw measurements behind a result, kept so that any percentile or significance test can be recomputed
 * later (statistics are never averaged).
 *
 * @param timeToFirstTokenNanos  TTFT per sequence; empty when the generator did not stream
 * @param interTokenLatencyNanos every gap between consecutive new tokens of one sequence, pooled
 * @param timePerOutputTokenNanos TPOT per sequence with more than one new token
 * @param endToEndNanos          E2E per sequence
 * @param requests               one entry per measured request, in order
 */
public record RawSamples(
        long[] timeToFirstTokenNanos,
        long[] interTokenLatencyNanos,
        double[] timePerOutputTokenNanos,
        long[] endToEndNanos,
        List<RequestSample> requests) {

    /**
     * One measured request.
     *
     * @param wallNanos    request start to its last new token (or to the return of {@code generate})
     * @param outputTokens new tokens of all its sequences
     */
    public record RequestSample(long wallNanos, long outputTokens) {
    }

    public RawSamples {
        timeToFirstTokenNanos = timeToFirstTokenNanos.clone();
        interTokenLatencyNanos = interTokenLatencyNanos.clone();
        timePerOutputTokenNanos = timePerOutputTokenNanos.clone();
        endToEndNanos = endToEndNanos.clone();
        requests = List.copyOf(requests);
    }

    @Override
    public long[] timeToFirstTokenNanos() {
        return timeToFirstTokenNanos.clone();
    }

    @Override
    public long[] interTokenLatencyNanos() {
        return interTokenLatencyNanos.clone();
    }

    @Override
    public double[] timePerOutputTokenNanos() {
        return timePerOutputTokenNanos.clone();
    }

    @Override
    public long[] endToEndNanos() {
        return endToEndNanos.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawSamples that
                && Arrays.equals(timeToFirstTokenNanos, that.timeToFirstTokenNanos)
                && Arrays.equals(interTokenLatencyNanos, that.interTokenLatencyNanos)
                && Arrays.equals(timePerOutputTokenNanos, that.timePerOutputTokenNanos)
                && Arrays.equals(endToEndNanos, that.endToEndNanos)
                && requests.equals(that.requests);
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(timeToFirstTokenNanos);
        hash = 31 * hash + Arrays.hashCode(interTokenLatencyNanos);
        hash = 31 * hash + Arrays.hashCode(timePerOutputTokenNanos);
        hash = 31 * hash + Arrays.hashCode(endToEndNanos);
        return 31 * hash + requests.hashCode();
    }

    @Override
    public String toString() {
        return "RawSamples[" + timeToFirstTokenNanos.length + " TTFT, " + interTokenLatencyNanos.length + " ITL, "
                + timePerOutputTokenNanos.length + " TPOT, " + endToEndNanos.length + " E2E, " + requests.size() + " requests]";
    }
}
