package dev.tokenbench.measure;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The raw token-timing samples and totals of one or more measured iterations, in a form that merges exactly.
 *
 * <p>The one samples type: JMH forks, the plain API ({@link TokenMetrics}) and the report all hold these, and
 * {@link Figure} computes every token figure from them. Each figure is either a statistic over raw samples (TTFT, ITL, TPOT, E2E) or
 * a total over a total (throughputs). Both survive merging without loss: samples are concatenated and totals
 * added, so the figures of {@code merge(a, b)} equal those of {@link TokenMetrics} over the union of a's and
 * b's requests. This is what lets JMH combine iterations and forks without averaging percentiles or rates.
 *
 * <p>Serializable because JMH carries profiler results from the forked JVM to the host.
 *
 * @param requests               requests measured
 * @param sequences              sequences measured, over all requests
 * @param streamed               whether every request streamed (TTFT, ITL, TPOT exist only then)
 * @param timeToFirstTokenNanos  TTFT per sequence
 * @param interTokenLatencyNanos ITL, pooled over every sequence and request
 * @param timePerOutputTokenNanos TPOT per sequence with more than one new token
 * @param endToEndNanos          E2E per sequence
 * @param requestWallNanos       per request: request start to its last new token
 * @param requestOutputTokens    per request: new tokens of all its sequences
 * @param outputTokens           new tokens of all sequences of all requests
 * @param outputWallNanos        sum of {@code requestWallNanos}
 * @param promptTokens           prompt tokens of all sequences, or -1 when an engine did not report them
 * @param prefillWallNanos       sum over requests of the largest TTFT of the request
 * @param decodeTokens           tokens after the first of each sequence, summed
 * @param decodeWallNanos        sum over requests of first-new-token-of-any-sequence to last-of-any
 * @param iterationWallNanos     wall time of the measured iterations themselves (profiler start to stop)
 */
public record TokenSamples(
        long requests,
        long sequences,
        boolean streamed,
        long[] timeToFirstTokenNanos,
        long[] interTokenLatencyNanos,
        double[] timePerOutputTokenNanos,
        long[] endToEndNanos,
        long[] requestWallNanos,
        long[] requestOutputTokens,
        long outputTokens,
        long outputWallNanos,
        long promptTokens,
        long prefillWallNanos,
        long decodeTokens,
        long decodeWallNanos,
        long iterationWallNanos) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Absent sample arrays (a hand-written or older {@code samples.jsonl} line) are read as empty. */
    public TokenSamples {
        timeToFirstTokenNanos = timeToFirstTokenNanos == null ? new long[0] : timeToFirstTokenNanos;
        interTokenLatencyNanos = interTokenLatencyNanos == null ? new long[0] : interTokenLatencyNanos;
        timePerOutputTokenNanos = timePerOutputTokenNanos == null ? new double[0] : timePerOutputTokenNanos;
        endToEndNanos = endToEndNanos == null ? new long[0] : endToEndNanos;
        requestWallNanos = requestWallNanos == null ? new long[0] : requestWallNanos;
        requestOutputTokens = requestOutputTokens == null ? new long[0] : requestOutputTokens;
    }
    private static final double NANOS_PER_SECOND = 1e9;

    /** The samples and totals of {@code metrics}, measured over an iteration of {@code iterationWallNanos}. */
    public static TokenSamples of(TokenMetrics metrics, long iterationWallNanos) {
        TokenSamples s = metrics.samples();
        return new TokenSamples(s.requests, s.sequences, s.streamed, s.timeToFirstTokenNanos, s.interTokenLatencyNanos,
                s.timePerOutputTokenNanos, s.endToEndNanos, s.requestWallNanos, s.requestOutputTokens, s.outputTokens,
                s.outputWallNanos, s.promptTokens, s.prefillWallNanos, s.decodeTokens, s.decodeWallNanos, iterationWallNanos);
    }

    /**
     * Concatenates samples and adds totals, in the given order.
     *
     * @throws IllegalArgumentException if {@code parts} is empty
     */
    public static TokenSamples merge(Collection<TokenSamples> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: parts must hold at least 1 TokenSamples");
        }
        if (parts.size() == 1) {
            return parts.iterator().next();
        }
        long requests = 0;
        long sequences = 0;
        boolean streamed = true;
        long outputTokens = 0;
        long outputWall = 0;
        long promptTokens = 0;
        long prefillWall = 0;
        long decodeTokens = 0;
        long decodeWall = 0;
        long iterationWall = 0;
        for (TokenSamples part : parts) {
            requests += part.requests;
            sequences += part.sequences;
            streamed &= part.streamed;
            outputTokens += part.outputTokens;
            outputWall += part.outputWallNanos;
            promptTokens = promptTokens < 0 || part.promptTokens < 0 ? -1 : promptTokens + part.promptTokens;
            prefillWall += part.prefillWallNanos;
            decodeTokens += part.decodeTokens;
            decodeWall += part.decodeWallNanos;
            iterationWall += part.iterationWallNanos;
        }
        return new TokenSamples(requests, sequences, streamed,
                concat(parts, TokenSamples::timeToFirstTokenNanos), concat(parts, TokenSamples::interTokenLatencyNanos),
                concatDoubles(parts), concat(parts, TokenSamples::endToEndNanos),
                concat(parts, TokenSamples::requestWallNanos), concat(parts, TokenSamples::requestOutputTokens),
                outputTokens, outputWall, promptTokens, prefillWall, decodeTokens, decodeWall, iterationWall);
    }

    /** TTFT statistics in nanoseconds; absent when not streamed. */
    public Optional<Statistics> timeToFirstToken() {
        return statistics(timeToFirstTokenNanos);
    }

    /** ITL statistics in nanoseconds; absent when not streamed or every sequence had one token. */
    public Optional<Statistics> interTokenLatency() {
        return statistics(interTokenLatencyNanos);
    }

    /** TPOT statistics in nanoseconds; absent when not streamed or every sequence had one token. */
    public Optional<Statistics> timePerOutputToken() {
        return timePerOutputTokenNanos.length == 0 ? Optional.empty()
                : Optional.of(Statistics.of(timePerOutputTokenNanos));
    }

    /** E2E statistics in nanoseconds; absent when nothing was measured. */
    public Optional<Statistics> endToEnd() {
        return statistics(endToEndNanos);
    }

    /** Output throughput, tokens per second: total new tokens over total request wall time. */
    public OptionalDouble outputTokensPerSecond() {
        return tokensPerSecond(outputTokens, outputWallNanos);
    }

    /** Prefill throughput, prompt tokens per second; absent without streaming or prompt token counts. */
    public OptionalDouble prefillTokensPerSecond() {
        return streamed && promptTokens >= 0 ? tokensPerSecond(promptTokens, prefillWallNanos) : OptionalDouble.empty();
    }

    /** Decode throughput, tokens per second; absent without streaming or without a second token. */
    public OptionalDouble decodeTokensPerSecond() {
        return streamed && decodeTokens > 0 ? tokensPerSecond(decodeTokens, decodeWallNanos) : OptionalDouble.empty();
    }

    private static Optional<Statistics> statistics(long[] samples) {
        return samples.length == 0 ? Optional.empty() : Optional.of(Statistics.of(samples));
    }

    /** Tokens per second: {@code count} tokens over {@code nanos} of wall time; absent when no time elapsed. */
    public static OptionalDouble tokensPerSecond(long count, long nanos) {
        return nanos <= 0 ? OptionalDouble.empty() : OptionalDouble.of(count * NANOS_PER_SECOND / nanos);
    }

    private static long[] concat(Collection<TokenSamples> parts, java.util.function.Function<TokenSamples, long[]> field) {
        int length = 0;
        for (TokenSamples part : parts) {
            length += field.apply(part).length;
        }
        long[] all = new long[length];
        int at = 0;
        for (TokenSamples part : parts) {
            long[] values = field.apply(part);
            System.arraycopy(values, 0, all, at, values.length);
            at += values.length;
        }
        return all;
    }

    private static double[] concatDoubles(Collection<TokenSamples> parts) {
        int length = 0;
        for (TokenSamples part : parts) {
            length += part.timePerOutputTokenNanos.length;
        }
        double[] all = new double[length];
        int at = 0;
        for (TokenSamples part : parts) {
            System.arraycopy(part.timePerOutputTokenNanos, 0, all, at, part.timePerOutputTokenNanos.length);
            at += part.timePerOutputTokenNanos.length;
        }
        return all;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenSamples that
                && requests == that.requests && sequences == that.sequences && streamed == that.streamed
                && Arrays.equals(timeToFirstTokenNanos, that.timeToFirstTokenNanos)
                && Arrays.equals(interTokenLatencyNanos, that.interTokenLatencyNanos)
                && Arrays.equals(timePerOutputTokenNanos, that.timePerOutputTokenNanos)
                && Arrays.equals(endToEndNanos, that.endToEndNanos)
                && Arrays.equals(requestWallNanos, that.requestWallNanos)
                && Arrays.equals(requestOutputTokens, that.requestOutputTokens)
                && outputTokens == that.outputTokens && outputWallNanos == that.outputWallNanos
                && promptTokens == that.promptTokens && prefillWallNanos == that.prefillWallNanos
                && decodeTokens == that.decodeTokens && decodeWallNanos == that.decodeWallNanos
                && iterationWallNanos == that.iterationWallNanos;
    }

    @Override
    public int hashCode() {
        int hash = Long.hashCode(requests);
        hash = 31 * hash + Arrays.hashCode(timeToFirstTokenNanos);
        hash = 31 * hash + Arrays.hashCode(interTokenLatencyNanos);
        hash = 31 * hash + Arrays.hashCode(endToEndNanos);
        return 31 * hash + Long.hashCode(outputTokens);
    }

    @Override
    public String toString() {
        return "TokenSamples[" + requests + " requests, " + sequences + " sequences, " + outputTokens + " tokens, "
                + interTokenLatencyNanos.length + " ITL samples]";
    }
}
