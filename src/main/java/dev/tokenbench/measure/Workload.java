package dev.tokenbench.measure;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What was asked of the engine: the key by which reports group results, so that only like is compared with like.
 *
 * @param model        preset name or model path
 * @param precision    weight precision, e.g. {@code f32}
 * @param batchSize    sequences per request
 * @param promptTokens prompt tokens per sequence, when every sequence had the same count; absent otherwise
 * @param newTokens    new tokens generated per sequence
 * @param threads      compute threads given to the engine
 */
public record Workload(String model, String precision, int batchSize, OptionalInt promptTokens, int newTokens, int threads) {

    public Workload {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(promptTokens, "promptTokens");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (newTokens < 1) {
            throw new IllegalArgumentException("newTokens must be >= 1, was " + newTokens);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
    }
}
