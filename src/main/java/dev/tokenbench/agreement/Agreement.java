package dev.tokenbench.agreement;

import java.util.Objects;

/**
 * How far one framework's greedy token ids agree with a reference framework's, for one workload: one row of
 * {@code agreement.json}.
 *
 * @param model              preset name or model folder
 * @param precision          the framework's weight precision ({@code f32}, {@code f16}, {@code q8_0}); the reference
 *                           runs f32
 * @param promptTokens       prompt tokens P (the workload's prompt, BOS included), the same ids for both
 * @param newTokens          new tokens N generated greedily by each
 * @param framework          the framework checked, e.g. {@code llama.cpp}
 * @param reference          the reference framework, e.g. {@code djl-pytorch}
 * @param matchingTokens     positions 0..N-1 whose ids are identical
 * @param totalTokens        N
 * @param share              matchingTokens / totalTokens
 * @param firstDivergence    index of the first differing new token, null when all agree (the identical prefix
 *                           length is this index)
 * @param marginAtDivergence the reference's top-1 minus top-2 logit at the first divergence (on the shared prefix;
 *                           a small margin means a near tie that rounding differences can flip), null when all agree
 */
public record Agreement(String model, String precision, int promptTokens, int newTokens, String framework, String reference,
                        int matchingTokens, int totalTokens, double share, Integer firstDivergence, Double marginAtDivergence) {

    public Agreement {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(reference, "reference");
    }

    /** Compares {@code ids} with {@code referenceIds} (the same length) given the reference's logits at each step. */
    static Agreement of(String model, String precision, int promptTokens, String framework, String reference, int[] ids,
                        int[] referenceIds, float[][] referenceLogits, int[] excludedIds) {
        if (ids.length != referenceIds.length) {
            throw new IllegalArgumentException(framework + " gave " + ids.length + " ids, " + reference + " " + referenceIds.length);
        }
        int matching = 0;
        Integer first = null;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == referenceIds[i]) {
                matching++;
            } else if (first == null) {
                first = i;
            }
        }
        Double margin = first == null ? null : topTwoMargin(referenceLogits[first], excludedIds);
        return new Agreement(model, precision, promptTokens, ids.length, framework, reference, matching, ids.length,
                ids.length == 0 ? 1.0 : (double) matching / ids.length, first, margin);
    }

    /** Largest minus second-largest logit among the ids not excluded. */
    static double topTwoMargin(float[] logits, int[] excludedIds) {
        boolean[] skip = new boolean[logits.length];
        for (int id : excludedIds) {
            if (id >= 0 && id < skip.length) {
                skip[id] = true;
            }
        }
        float best = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (skip[i]) {
                continue;
            }
            if (logits[i] > best) {
                second = best;
                best = logits[i];
            } else if (logits[i] > second) {
                second = logits[i];
            }
        }
        return (double) best - second;
    }
}
