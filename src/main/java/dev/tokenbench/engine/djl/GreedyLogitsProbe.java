package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDManager;

/**
 * Greedy decoding of one sequence that keeps the logits of every step, for agreement checks against other
 * implementations: the path the agreement check takes, apart from the static batch that serves requests.
 *
 * <p>The prompt is prefilled in one forward pass into cache row 0; each step then chooses, on the Java side, the
 * largest logit among the ids not excluded ({@link #argMax}) and feeds it back through the KV cache.
 */
final class GreedyLogitsProbe {

    private final ForwardPass model;
    private final ReusedKvCache kvCache;
    private final NDManager weightsManager;

    GreedyLogitsProbe(ForwardPass model, ReusedKvCache kvCache, NDManager weightsManager) {
        this.model = model;
        this.kvCache = kvCache;
        this.weightsManager = weightsManager;
    }

    /**
     * The logits each of {@code steps} greedy steps chose from: row 0 at the prompt's last position, row {@code i}
     * after feeding the {@code i}-th chosen token. The caller checks that prompt and steps fit the context.
     */
    float[][] logits(int[] promptTokenIds, int steps, int[] excludedTokenIds) {
        int seq = promptTokenIds.length;
        float[][] logits = new float[steps][];
        KvCache cache = kvCache.forShape(1, seq + steps);
        try (NDManager requestManager = weightsManager.newSubManager()) {
            long[] ids = new long[seq];
            for (int i = 0; i < seq; i++) {
                ids[i] = promptTokenIds[i];
            }
            long[] next = new long[1];
            try (NDManager step = requestManager.newSubManager()) {
                logits[0] = model.forward(step, ids, seq, 0, new int[1], cache).get(0).toFloatArray();  // [vocab]
            }
            next[0] = argMax(logits[0], excludedTokenIds);
            int[] positions = {seq};
            for (int t = 1; t < steps; t++) {
                try (NDManager step = requestManager.newSubManager()) {
                    logits[t] = model.forward(step, next, 1, 0, positions, cache).get(0).toFloatArray();
                }
                next[0] = argMax(logits[t], excludedTokenIds);
                positions[0]++;
            }
        }
        return logits;
    }

    /** Index of the largest of {@code logits} whose index is not in {@code excluded} (the first, on ties). */
    static int argMax(float[] logits, int[] excluded) {
        boolean[] skip = new boolean[logits.length];
        for (int id : excluded) {
            if (id >= 0 && id < skip.length) {
                skip[id] = true;
            }
        }
        int best = -1;
        for (int i = 0; i < logits.length; i++) {
            if (!skip[i] && (best < 0 || logits[i] > logits[best])) {
                best = i;
            }
        }
        return best;
    }
}
