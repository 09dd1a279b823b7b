package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tokenbench.model.LlamaConfig;

/**
 * One forward pass of the decoder over some tokens of some cache rows: what {@link StaticBatch} and
 * {@link GreedyLogitsProbe} run. Two implementations compute the same thing: {@link TorchScriptLlama} (the
 * engine's, one native call per pass) and {@link LlamaModel} (op by op through DJL, the reference it is checked
 * against and timed against).
 */
interface ForwardPass {

    LlamaConfig config();

    /**
     * Runs {@code seq} tokens of each of {@code rows} consecutive cache rows starting at {@code firstRow}, writes
     * their keys and values into {@code cache}, and returns the logits of each row's last token.
     *
     * @param step           manager the logits live in; the caller closes it
     * @param tokenIds       {@code rows * seq} token ids, row-major
     * @param startPositions per row, the position of its first token (= tokens already in its cache row)
     * @return logits {@code [rows, vocab]}, in {@code step}
     */
    NDArray forward(NDManager step, long[] tokenIds, int seq, int firstRow, int[] startPositions, KvCache cache);
}
