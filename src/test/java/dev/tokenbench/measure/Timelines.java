package dev.tokenbench.measure;

import java.util.List;

/** Hand-made requests with round numbers, for exact expectations. */
public final class Timelines {

    private Timelines() {
    }

    /**
     * A batch-1 request starting at {@code start}: first token after {@code ttft} ns, then one token every
     * {@code itl} ns, {@code tokens} tokens, a prompt of {@code promptTokens}.
     */
    public static TokenTimeline request(long start, long ttft, long itl, int tokens, int promptTokens) {
        TokenTimeline timeline = new TokenTimeline(1, tokens, start);
        for (int k = 0; k < tokens; k++) {
            timeline.onToken(0, k, start + ttft + k * itl);
        }
        timeline.complete(start + ttft + (tokens - 1) * itl, new int[] {promptTokens});
        return timeline;
    }

    /** The samples of one iteration made of {@code requests}, lasting {@code iterationNanos}. */
    public static TokenSamples iteration(long iterationNanos, TokenTimeline... requests) {
        return TokenSamples.of(TokenMetrics.of(List.of(requests)), iterationNanos);
    }
}
