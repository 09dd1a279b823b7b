package dev.tokenbench.measure;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The token-level metrics of a set of completed requests, as the README's "Metric definitions" section defines them;
 * every figure is computed by {@link TokenSamples}, which this walks the timelines to fill.
 *
 * <ul>
 *   <li><b>TTFT</b> (per sequence): request start to the sequence's first new token.</li>
 *   <li><b>ITL</b> (token level, pooled over every sequence and request): the gap between two consecutive new
 *       tokens of one sequence.</li>
 *   <li><b>TPOT</b> (per sequence with N &gt; 1 new tokens): {@code (E2E - TTFT) / (N - 1)}.</li>
 *   <li><b>E2E</b> (per sequence): request start to the sequence's last new token; for a request that did not
 *       stream, request start to the return of {@code generate}.</li>
 *   <li><b>output throughput</b>: new tokens of all sequences of all requests divided by the sum over requests
 *       of the wall time from request start to the request's last token. Total over total, never a mean of
 *       rates.</li>
 *   <li><b>prefill throughput</b>: prompt tokens of all sequences divided by the sum over requests of the time
 *       until every sequence of the request had its first token (the request's largest TTFT). Needs streaming
 *       and prompt token counts.</li>
 *   <li><b>decode throughput</b>: tokens after the first of each sequence, summed over the batch and the
 *       requests, divided by the sum over requests of the decode wall time (first new token of any sequence to
 *       last new token of any sequence). When a batch advances in lockstep this equals the per-sequence
 *       {@code (N - 1) / (E2E - TTFT)} summed over the batch.</li>
 * </ul>
 * Throughputs are absent when no time elapsed (possible only on a manual clock) or when what they need was
 * not recorded.
 */
public final class TokenMetrics {

    private final TokenSamples samples;

    private TokenMetrics(Accumulator acc) {
        this.samples = new TokenSamples(acc.requestCount, acc.sequenceCount, acc.streamed, acc.ttft.toArray(), acc.itl.toArray(),
                acc.tpot.toArray(), acc.e2e.toArray(), acc.requestWallNanos.toArray(), acc.requestOutputTokens.toArray(),
                acc.outputTokens, acc.outputWallNanos, acc.promptTokensKnown ? acc.promptTokens : -1, acc.prefillWallNanos,
                acc.decodeTokens, acc.decodeWallNanos, 0);
    }

    /**
     * Computes the metrics of completed requests.
     *
     * @throws IllegalArgumentException if {@code timelines} is empty or a timeline is not completed
     */
    public static TokenMetrics of(List<TokenTimeline> timelines) {
        if (timelines.isEmpty()) {
            throw new IllegalArgumentException("timelines must hold at least 1 completed request, was empty");
        }
        Builder builder = builder();
        for (TokenTimeline timeline : timelines) {
            builder.add(timeline);
        }
        return builder.build();
    }

    /**
     * A builder that folds completed requests in one at a time, so that a long measurement keeps its samples
     * and totals but not every timeline; {@code builder().add(a).add(b).build()} equals {@code of(List.of(a, b))}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Folds completed requests into samples and totals; not thread-safe. */
    public static final class Builder {
        private final Accumulator acc = new Accumulator();

        private Builder() {
        }

        /**
         * Adds one completed request.
         *
         * @throws IllegalStateException if the timeline is not completed
         */
        public Builder add(TokenTimeline timeline) {
            acc.add(timeline);
            return this;
        }

        /** Requests added so far. */
        public int requestCount() {
            return acc.requestCount;
        }

        /**
         * The metrics of every request added so far.
         *
         * @throws IllegalStateException if no request was added
         */
        public TokenMetrics build() {
            if (acc.requestCount == 0) {
                throw new IllegalStateException("no completed request was added; add at least 1 before build()");
            }
            return new TokenMetrics(acc);
        }
    }

    /** Requests measured. */
    public int requestCount() {
        return Math.toIntExact(samples.requests());
    }

    /** Sequences measured, over all requests. */
    public long sequenceCount() {
        return samples.sequences();
    }

    /** Whether every request streamed its tokens (TTFT, ITL and TPOT exist only then). */
    public boolean streamed() {
        return samples.streamed();
    }

    /** New tokens of all sequences of all requests. */
    public long outputTokens() {
        return samples.outputTokens();
    }

    /** Prompt tokens of all sequences of all requests; absent if an engine did not report them. */
    public OptionalLong promptTokens() {
        return samples.promptTokens() < 0 ? OptionalLong.empty() : OptionalLong.of(samples.promptTokens());
    }

    /** Raw TTFT samples, one per sequence, in nanoseconds; empty when not streamed. */
    public long[] timeToFirstTokenNanos() {
        return samples.timeToFirstTokenNanos().clone();
    }

    /** Raw ITL samples, pooled over all sequences and requests, in nanoseconds; empty when not streamed. */
    public long[] interTokenLatencyNanos() {
        return samples.interTokenLatencyNanos().clone();
    }

    /** Raw TPOT samples, one per sequence with more than one new token, in nanoseconds. */
    public double[] timePerOutputTokenNanos() {
        return samples.timePerOutputTokenNanos().clone();
    }

    /** Raw E2E samples, one per sequence, in nanoseconds. */
    public long[] endToEndNanos() {
        return samples.endToEndNanos().clone();
    }

    /** TTFT statistics over sequences, in nanoseconds; absent when not streamed. */
    public Optional<Statistics> timeToFirstToken() {
        return samples.timeToFirstToken();
    }

    /** ITL statistics over the pooled gaps, in nanoseconds; absent when not streamed or every sequence had one token. */
    public Optional<Statistics> interTokenLatency() {
        return samples.interTokenLatency();
    }

    /** TPOT statistics over sequences, in nanoseconds; absent when not streamed or every sequence had one token. */
    public Optional<Statistics> timePerOutputToken() {
        return samples.timePerOutputToken();
    }

    /** E2E statistics over sequences, in nanoseconds. */
    public Statistics endToEnd() {
        return samples.endToEnd().orElseThrow();
    }

    /** Output throughput in tokens per second: total new tokens over total request wall time. */
    public OptionalDouble outputTokensPerSecond() {
        return samples.outputTokensPerSecond();
    }

    /** Prefill throughput in prompt tokens per second; absent without streaming or prompt token counts. */
    public OptionalDouble prefillTokensPerSecond() {
        return samples.prefillTokensPerSecond();
    }

    /** Decode throughput in tokens per second; absent without streaming or when no sequence had a second token. */
    public OptionalDouble decodeTokensPerSecond() {
        return samples.decodeTokensPerSecond();
    }

    /** The samples and totals every figure is computed from (iteration wall time 0: not an iteration). */
    public TokenSamples samples() {
        return samples;
    }

    /** Sum over requests of the wall time from request start to the request's last token, in nanoseconds. */
    public long outputWallNanos() {
        return samples.outputWallNanos();
    }

    /** Sum over requests of the time until every sequence of the request had its first token, in nanoseconds. */
    public long prefillWallNanos() {
        return samples.prefillWallNanos();
    }

    /** Tokens after the first of each sequence, summed over sequences and requests. */
    public long decodeTokens() {
        return samples.decodeTokens();
    }

    /** Sum over requests of the decode wall time (first new token of any sequence to the last of any), in nanoseconds. */
    public long decodeWallNanos() {
        return samples.decodeWallNanos();
    }

    /** Walks the timelines once, collecting samples and totals. */
    private static final class Accumulator {
        final LongSamples ttft = new LongSamples();
        final LongSamples itl = new LongSamples();
        final DoubleSamples tpot = new DoubleSamples();
        final LongSamples e2e = new LongSamples();
        final LongSamples requestWallNanos = new LongSamples();
        final LongSamples requestOutputTokens = new LongSamples();
        int requestCount;
        long sequenceCount;
        long outputTokens;
        long outputWallNanos;
        long promptTokens;
        boolean promptTokensKnown = true;
        long prefillWallNanos;
        long decodeTokens;
        long decodeWallNanos;
        boolean streamed = true;

        void addRequest(long wallNanos, long tokens) {
            requestWallNanos.add(wallNanos);
            requestOutputTokens.add(tokens);
        }

        void add(TokenTimeline timeline) {
            long start = timeline.requestStartNanos();
            long completion = timeline.completionNanos();
            requestCount++;
            int[] prompts = timeline.promptTokenCounts();
            if (prompts == null) {
                promptTokensKnown = false;
            } else {
                for (int count : prompts) {
                    promptTokens += count;
                }
            }
            if (!timeline.streamed()) {
                streamed = false;
                for (int s = 0; s < timeline.batchSize(); s++) {
                    sequenceCount++;
                    e2e.add(completion - start);
                }
                outputTokens += timeline.totalTokenCount();
                outputWallNanos += completion - start;
                addRequest(completion - start, timeline.totalTokenCount());
                return;
            }
            long lastTokenOfRequest = start;
            long firstTokenOfRequest = Long.MAX_VALUE;
            long largestTtft = 0;
            for (int s = 0; s < timeline.batchSize(); s++) {
                sequenceCount++;
                int n = timeline.tokenCount(s);
                outputTokens += n;
                if (n == 0) {
                    continue;
                }
                long first = timeline.timestampNanos(s, 0);
                long last = timeline.timestampNanos(s, n - 1);
                long ttftNanos = first - start;
                long e2eNanos = last - start;
                ttft.add(ttftNanos);
                e2e.add(e2eNanos);
                for (int i = 1; i < n; i++) {
                    itl.add(timeline.timestampNanos(s, i) - timeline.timestampNanos(s, i - 1));
                }
                if (n > 1) {
                    tpot.add((double) (e2eNanos - ttftNanos) / (n - 1));
                    decodeTokens += n - 1;
                }
                largestTtft = Math.max(largestTtft, ttftNanos);
                firstTokenOfRequest = Math.min(firstTokenOfRequest, first);
                lastTokenOfRequest = Math.max(lastTokenOfRequest, last);
            }
            outputWallNanos += lastTokenOfRequest - start;
            addRequest(lastTokenOfRequest - start, timeline.totalTokenCount());
            prefillWallNanos += largestTtft;
            if (firstTokenOfRequest != Long.MAX_VALUE) {
                decodeWallNanos += lastTokenOfRequest - firstTokenOfRequest;
            }
        }
    }
}
