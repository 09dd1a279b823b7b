package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.TokenListener;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Serves a request as a static batch: prefills the prompts, equal lengths together, then decodes all sequences
 * together, handing every new token to the listener as soon as its argmax is on the Java side.
 *
 * <p>Cache rows hold the sequences sorted by prompt length, so that each group of equal lengths occupies
 * consecutive rows and is prefilled as one {@code [rows, seq]} forward pass (split into passes of at most
 * {@link #PREFILL_TOKENS_PER_PASS} tokens); each sequence of a pass gets its first token when the pass ends. A
 * sequence thus gets exactly the tokens it gets when run alone, whatever the other prompts' lengths. Then all rows
 * decode together, one forward pass per step, until each has exactly {@code newTokens} new tokens (end-of-sequence
 * ignored).
 */
final class StaticBatch {

    /**
     * Most prompt tokens one prefill forward pass takes: equal-length prompts beyond it are prefilled in several
     * passes, which bounds the activations and attention scores of a pass at the same total prefill time, and lets
     * the sequences of the first pass get their first token early. Sequences of early passes wait during later
     * passes, which the decode throughput (docs/metrics.md) counts.
     */
    static final int PREFILL_TOKENS_PER_PASS = 512;

    private final ForwardPass model;
    private final ReusedKvCache kvCache;
    private final NDManager weightsManager;
    private final NanoClock clock;

    StaticBatch(ForwardPass model, ReusedKvCache kvCache, NDManager weightsManager, NanoClock clock) {
        this.model = model;
        this.kvCache = kvCache;
        this.weightsManager = weightsManager;
        this.clock = clock;
    }

    /** Runs {@code request} to exactly {@code newTokens} tokens per sequence, streaming them to {@code listener}. */
    void run(EncodedRequest request, TokenListener listener) {
        int[][] promptTokens = request.promptTokens();
        int newTokens = request.newTokens();
        int batch = request.batch();
        int[] sequenceOfRow = rowsByPromptLength(promptTokens);
        long[] next = new long[batch];   // per cache row: the token it feeds into the next step
        int[] positions = new int[batch];  // per cache row: tokens already in its cache row
        KvCache cache = kvCache.forShape(batch, request.longestPromptTokens() + newTokens);
        try (NDManager requestManager = weightsManager.newSubManager()) {
            int firstRow = 0;
            while (firstRow < batch) {
                int seq = promptTokens[sequenceOfRow[firstRow]].length;
                int rowsPerPass = Math.max(1, PREFILL_TOKENS_PER_PASS / seq);
                int end = firstRow + 1;
                while (end < batch && end - firstRow < rowsPerPass && promptTokens[sequenceOfRow[end]].length == seq) {
                    end++;
                }
                int rows = end - firstRow;
                long[] ids = new long[rows * seq];
                for (int r = 0; r < rows; r++) {
                    int[] prompt = promptTokens[sequenceOfRow[firstRow + r]];
                    for (int i = 0; i < seq; i++) {
                        ids[r * seq + i] = prompt[i];
                    }
                }
                try (NDManager step = requestManager.newSubManager()) {
                    NDArray logits = model.forward(step, ids, seq, firstRow, new int[rows], cache);  // [rows, vocab]
                    System.arraycopy(greedyTokens(logits), 0, next, firstRow, rows);
                }
                for (int row = firstRow; row < end; row++) {
                    listener.onToken(sequenceOfRow[row], (int) next[row], clock.nanoTime());
                    positions[row] = seq;
                }
                firstRow = end;
            }
            for (int t = 1; t < newTokens; t++) {
                try (NDManager step = requestManager.newSubManager()) {
                    NDArray logits = model.forward(step, next, 1, 0, positions, cache);  // [batch, vocab]
                    long[] chosen = greedyTokens(logits);
                    for (int row = 0; row < batch; row++) {
                        listener.onToken(sequenceOfRow[row], (int) chosen[row], clock.nanoTime());
                    }
                    System.arraycopy(chosen, 0, next, 0, batch);
                }
                for (int row = 0; row < batch; row++) {
                    positions[row]++;
                }
            }
        }
    }

    /**
     * Each row's largest logit's index (the first, on ties; a NaN counts as the largest, as in PyTorch's
     * {@code argmax}), read on the Java side from the logits' native memory without a copy: PyTorch's CPU
     * {@code argmax} takes about 3 ns a logit (a tenth of a millisecond per row of a 32000-token vocabulary).
     *
     * @param logits {@code [rows, vocab]}, contiguous
     */
    static long[] greedyTokens(NDArray logits) {
        int rows = (int) logits.getShape().get(0);
        int vocab = (int) logits.getShape().get(1);
        FloatBuffer values = logits.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();  // direct: no copy
        long[] chosen = new long[rows];
        for (int row = 0; row < rows; row++) {
            int offset = row * vocab;
            int best = 0;
            float bestValue = values.get(offset);
            for (int i = 1; i < vocab && bestValue == bestValue; i++) {
                float value = values.get(offset + i);
                if (value > bestValue || value != value) {
                    best = i;
                    bestValue = value;
                }
            }
            chosen[row] = best;
        }
        return chosen;
    }

    /** The sequence each cache row holds: sequence indices ordered by prompt length (stable, so ties keep their order). */
    private static int[] rowsByPromptLength(int[][] promptTokens) {
        return IntStream.range(0, promptTokens.length).boxed()
                .sorted(Comparator.comparingInt(sequence -> promptTokens[sequence].length))
                .mapToInt(Integer::intValue).toArray();
    }
}
