package dev.tokenbench.measure;

import java.util.Arrays;

/**
 * When each new token of one request reached the caller: the request start, and per sequence of the batch the
 * id and clock reading of every new token, in order.
 *
 * <p>A timeline is filled while the engine serves the request ({@link #onToken}, allocation-free up to the
 * expected token count) and then {@linkplain #complete completed} with the moment {@code generate} returned.
 * Requests from generators that cannot stream are recorded with {@link #recordFinalTokens}: they carry token
 * counts but no per-token times, so TTFT, ITL and TPOT are absent for them, never guessed.
 *
 * <p>Thread safety: the engine may report different sequences from different threads; one sequence is
 * reported from one thread at a time. Reading is safe once {@code generate} has returned.
 */
public final class TokenTimeline implements TokenListener {

    private final long requestStartNanos;
    private final int expectedTokensPerSequence;
    private final int[] counts;
    private final long[][] timestampsNanos;
    private final int[][] tokenIds;
    private boolean streamed = true;
    private long completionNanos = Long.MIN_VALUE;
    private int[] promptTokenCounts;

    /**
     * @param batchSize                  sequences in the request, at least 1
     * @param expectedTokensPerSequence  new tokens requested per sequence, at least 1 (pre-sizes the arrays)
     * @param requestStartNanos          clock reading when {@code generate} was called with the prompt text
     */
    public TokenTimeline(int batchSize, int expectedTokensPerSequence, long requestStartNanos) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (expectedTokensPerSequence < 1) {
            throw new IllegalArgumentException("expectedTokensPerSequence must be >= 1, was " + expectedTokensPerSequence);
        }
        this.requestStartNanos = requestStartNanos;
        this.expectedTokensPerSequence = expectedTokensPerSequence;
        this.counts = new int[batchSize];
        this.timestampsNanos = new long[batchSize][expectedTokensPerSequence];
        this.tokenIds = new int[batchSize][expectedTokensPerSequence];
    }

    @Override
    public void onToken(int sequenceIndex, int tokenId, long timestampNanos) {
        int count = counts[checkSequence(sequenceIndex)];
        if (count == timestampsNanos[sequenceIndex].length) {
            int grown = Math.max(4, count * 2);
            timestampsNanos[sequenceIndex] = Arrays.copyOf(timestampsNanos[sequenceIndex], grown);
            tokenIds[sequenceIndex] = Arrays.copyOf(tokenIds[sequenceIndex], grown);
        }
        timestampsNanos[sequenceIndex][count] = timestampNanos;
        tokenIds[sequenceIndex][count] = tokenId;
        counts[sequenceIndex] = count + 1;
    }

    /**
     * Records the final tokens of a sequence from a generator that cannot stream; the timeline then carries no
     * per-token times.
     */
    public void recordFinalTokens(int sequenceIndex, int[] finalTokenIds) {
        checkSequence(sequenceIndex);
        streamed = false;
        tokenIds[sequenceIndex] = finalTokenIds.clone();
        timestampsNanos[sequenceIndex] = new long[0];
        counts[sequenceIndex] = finalTokenIds.length;
    }

    /**
     * Marks the request as finished.
     *
     * @param completionNanos   clock reading when {@code generate} returned
     * @param promptTokenCounts prompt tokens per sequence as the engine counted them, or {@code null} if unknown
     */
    public void complete(long completionNanos, int[] promptTokenCounts) {
        if (completionNanos < requestStartNanos) {
            throw new IllegalArgumentException("completionNanos " + completionNanos + " is before the request start " + requestStartNanos);
        }
        if (promptTokenCounts != null && promptTokenCounts.length != counts.length) {
            throw new IllegalArgumentException("promptTokenCounts has " + promptTokenCounts.length + " entries, the batch has " + counts.length + " sequences");
        }
        this.completionNanos = completionNanos;
        this.promptTokenCounts = promptTokenCounts == null ? null : promptTokenCounts.clone();
    }

    /** Clock reading when {@code generate} was called. */
    public long requestStartNanos() {
        return requestStartNanos;
    }

    /** Clock reading when {@code generate} returned; throws if the request is not completed. */
    public long completionNanos() {
        if (completionNanos == Long.MIN_VALUE) {
            throw new IllegalStateException("the request has not completed: call complete() after generate returns");
        }
        return completionNanos;
    }

    /** Whether per-token times were recorded (false for generators that return only final tokens). */
    public boolean streamed() {
        return streamed;
    }

    /** Sequences in the request. */
    public int batchSize() {
        return counts.length;
    }

    /** New tokens requested per sequence. */
    public int expectedTokensPerSequence() {
        return expectedTokensPerSequence;
    }

    /** New tokens received for a sequence. */
    public int tokenCount(int sequenceIndex) {
        return counts[checkSequence(sequenceIndex)];
    }

    /** Total new tokens received over all sequences. */
    public long totalTokenCount() {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        return total;
    }

    /** Ids of the new tokens of a sequence, in order. */
    public int[] tokenIds(int sequenceIndex) {
        return Arrays.copyOf(tokenIds[checkSequence(sequenceIndex)], counts[sequenceIndex]);
    }

    /** Clock readings of the new tokens of a sequence, in order; empty when not streamed. */
    public long[] timestampsNanos(int sequenceIndex) {
        checkSequence(sequenceIndex);
        return streamed ? Arrays.copyOf(timestampsNanos[sequenceIndex], counts[sequenceIndex]) : new long[0];
    }

    /** Prompt tokens per sequence as the engine counted them; {@code null} when unknown. */
    public int[] promptTokenCounts() {
        return promptTokenCounts == null ? null : promptTokenCounts.clone();
    }

    long timestampNanos(int sequenceIndex, int tokenIndex) {
        return timestampsNanos[sequenceIndex][tokenIndex];
    }

    private int checkSequence(int sequenceIndex) {
        if (sequenceIndex < 0 || sequenceIndex >= counts.length) {
            throw new IndexOutOfBoundsException("sequence index " + sequenceIndex + " outside batch of " + counts.length);
        }
        return sequenceIndex;
    }
}
