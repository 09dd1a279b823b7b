package dev.tokenbench.measure;

import java.util.Optional;

/**
 * Serves one request the way every measurement does: the request starts when the call is made, every new token
 * goes to the request's {@link TokenTimeline}, the request completes when the call returns, and every sequence must
 * have received exactly the tokens requested (the figures assume exactly N new tokens). The JMH state and the plain
 * API both serve their requests through this class.
 */
public final class RequestRunner {

    private final NanoClock clock;

    /** @param clock the clock that timestamps the request's start, tokens and completion */
    public RequestRunner(NanoClock clock) {
        this.clock = clock;
    }

    /** A streaming generation call: reports every new token to the listener, returns the prompt token counts (or null). */
    @FunctionalInterface
    public interface StreamingCall<E extends Exception> {
        /** Generates, reporting each new token; returns the prompt token count per sequence, or null if unknown. */
        int[] generate(TokenListener listener) throws E;
    }

    /**
     * Serves one streamed request of {@code batchSize} sequences and {@code newTokens} new tokens each.
     *
     * @return the completed timeline; check it with {@link #shortfall} before using it
     * @throws E whatever the call throws
     */
    public <E extends Exception> TokenTimeline stream(int batchSize, int newTokens, StreamingCall<E> call) throws E {
        TokenTimeline timeline = new TokenTimeline(batchSize, newTokens, clock.nanoTime());
        int[] promptTokenCounts = call.generate(timeline);
        timeline.complete(clock.nanoTime(), promptTokenCounts);
        return timeline;
    }

    /**
     * What is wrong with a completed request whose sequences did not all receive exactly the requested tokens, as
     * one sentence; empty when every sequence did.
     */
    public static Optional<String> shortfall(TokenTimeline timeline) {
        int expected = timeline.expectedTokensPerSequence();
        for (int s = 0; s < timeline.batchSize(); s++) {
            if (timeline.tokenCount(s) != expected) {
                return Optional.of("sequence " + s + " received " + timeline.tokenCount(s) + " new tokens, expected exactly " + expected
                        + " (the generator must ignore end-of-sequence while benchmarking)");
            }
        }
        return Optional.empty();
    }
}
