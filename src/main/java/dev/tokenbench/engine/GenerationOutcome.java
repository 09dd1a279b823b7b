package dev.tokenbench.engine;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * What an engine reports about a request it served, beyond the tokens it streamed.
 *
 * @param promptTokenCounts   prompt tokens of each sequence after tokenization (special tokens included)
 * @param enginePrefillNanos  the engine's own prompt-processing time, where the engine reports one; absent
 *                            otherwise (never guessed)
 * @param engineInterTokenNanos the engine's own mean time per generated token, where it reports one
 * @param tokensChunked       whether some tokens reached the engine several at once (one server-sent event carrying
 *                            k > 1 tokens), so their times were spread evenly over the gap before them rather than
 *                            observed one by one (see the README's chunked-ITL rule); false for in-process engines
 */
public record GenerationOutcome(int[] promptTokenCounts, OptionalLong enginePrefillNanos, OptionalLong engineInterTokenNanos,
                                boolean tokensChunked) {

    /** An outcome whose every token was observed on its own. */
    public GenerationOutcome(int[] promptTokenCounts, OptionalLong enginePrefillNanos, OptionalLong engineInterTokenNanos) {
        this(promptTokenCounts, enginePrefillNanos, engineInterTokenNanos, false);
    }

    public GenerationOutcome {
        promptTokenCounts = promptTokenCounts.clone();
        for (int count : promptTokenCounts) {
            if (count < 0) {
                throw new IllegalArgumentException("prompt token counts must be >= 0, was " + Arrays.toString(promptTokenCounts));
            }
        }
    }

    /** An outcome with prompt token counts only: the engine has no timers of its own. */
    public static GenerationOutcome of(int[] promptTokenCounts) {
        return new GenerationOutcome(promptTokenCounts, OptionalLong.empty(), OptionalLong.empty());
    }

    @Override
    public int[] promptTokenCounts() {
        return promptTokenCounts.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GenerationOutcome that
                && Arrays.equals(promptTokenCounts, that.promptTokenCounts)
                && enginePrefillNanos.equals(that.enginePrefillNanos)
                && engineInterTokenNanos.equals(that.engineInterTokenNanos)
                && tokensChunked == that.tokensChunked;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(promptTokenCounts) + enginePrefillNanos.hashCode()) + engineInterTokenNanos.hashCode())
                + Boolean.hashCode(tokensChunked);
    }

    @Override
    public String toString() {
        return "GenerationOutcome[promptTokenCounts=" + Arrays.toString(promptTokenCounts)
                + ", enginePrefillNanos=" + enginePrefillNanos + ", engineInterTokenNanos=" + engineInterTokenNanos + ", tokensChunked=" + tokensChunked + "]";
    }
}
