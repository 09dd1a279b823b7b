package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.tokenbench.model.LlamaConfig;

/**
 * The LLaMA decoder's forward pass over NDArrays: embedding, then per block RMSNorm, grouped-query attention
 * with rotary embeddings and a KV cache, RMSNorm, SwiGLU MLP (each with a residual add), then a final RMSNorm
 * and the output head.
 *
 * <p>Memory: every array a layer creates lives in a per-layer sub-manager of the caller's step manager, closed at
 * the end of the layer; only the residual stream {@code x} (updated in place) and the returned logits outlive
 * it. Every op puts the activation first, so results land in the activation's manager, never the weights'.
 */
final class LlamaModel {

    private static final int[] LAST_AXIS = {-1};

    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final RotaryEmbedding rope;
    private final NDArray dimTimesEps;  // [1]: dim * rms_norm_eps, an array so the add is in place and makes no scalar tensor
    private final int dim;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final long[] qkvSplit;     // heads axis of qkv: [q|k, v]
    private final long[] qkSplit;      // heads axis of rotated q|k: [q, k]
    private final long[] gateUpSplit;  // last axis of gate|up: [gate, up]
    private final NDIndex lastPosition;   // [:, -1, :]

    LlamaModel(LlamaConfig config, LlamaWeights weights, RotaryEmbedding rope, NDManager weightsManager) {
        this.config = config;
        this.weights = weights;
        this.rope = rope;
        this.dimTimesEps = weightsManager.create(new float[] {(float) (config.hiddenSize() * config.rmsNormEps())});
        this.dim = config.hiddenSize();
        this.heads = config.numAttentionHeads();
        this.kvHeads = config.numKeyValueHeads();
        this.headDim = config.headDim();
        int ffn = config.intermediateSize();
        this.qkvSplit = new long[] {heads + kvHeads};
        this.qkSplit = new long[] {heads};
        this.gateUpSplit = new long[] {ffn};
        this.lastPosition = new NDIndex().addAllDim().addIndices(-1).addAllDim();
    }

    LlamaConfig config() {
        return config;
    }

    LlamaWeights weights() {
        return weights;
    }

    /** Number of positions the rotary tables cover: the longest sequence this model can run. */
    long maxPositions() {
        return rope.positions();
    }

    /**
     * Runs {@code seq} tokens of each of {@code rows} consecutive cache rows starting at {@code firstRow}, writes
     * their keys and values into {@code cache}, and returns the logits of each row's last token.
     *
     * @param step           manager the logits (and the residual stream) live in; the caller closes it
     * @param tokenIds       {@code rows * seq} token ids, row-major
     * @param startPositions per row, the position of its first token (= tokens already in its cache row)
     * @return logits {@code [rows, vocab]}, in {@code step}
     */
    NDArray forward(NDManager step, long[] tokenIds, int seq, int firstRow, int[] startPositions, KvCache cache) {
        int rows = startPositions.length;
        int length = 0;  // keys each row attends over: positions [0, length)
        for (int start : startPositions) {
            length = Math.max(length, start + seq);
        }
        // x: [rows, seq, dim], the residual stream
        NDArray x = weights.embedding().get(step, new NDIndex("{}", step.create(tokenIds))).reshape(rows, seq, dim);
        RotaryEmbedding.Angles angles = rope.angles(step, startPositions, seq);
        NDArray mask = attentionMask(step, startPositions, seq, length);  // [rows, 1, groups * seq, length] or null
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            try (NDManager layerManager = step.newSubManager()) {
                x.tempAttach(layerManager);
                LlamaWeights.LayerWeights w = weights.layers().get(layer);
                attention(layerManager, layer, w, x, angles, mask, firstRow, startPositions, length, cache);
                feedForward(w, x);
            }
        }
        // last: [rows, dim]
        NDArray last = x.get(lastPosition);
        return rmsNorm(last).muli(weights.finalNorm()).matMul(weights.outputT());  // [rows, vocab]
    }

    /** x += attention(rmsNorm(x)), writing this step's keys and values into the cache. */
    private void attention(NDManager layerManager, int layer, LlamaWeights.LayerWeights w, NDArray x,
                           RotaryEmbedding.Angles angles, NDArray mask, int firstRow, int[] startPositions, int length,
                           KvCache cache) {
        Shape shape = x.getShape();
        long rows = shape.get(0);
        long seq = shape.get(1);
        int groups = heads / kvHeads;
        // qkv: [rows, seq, heads + 2 * kvHeads, headDim]; q already carries 1/sqrt(headDim)
        NDArray qkv = rmsNorm(x).matMul(w.qkvT()).reshape(rows, seq, heads + 2L * kvHeads, headDim);
        NDList qkAndV = qkv.split(qkvSplit, 2);
        // qk: [rows, seq, heads + kvHeads, headDim], q and k rotated together
        NDList qAndK = rope.apply(qkAndV.get(0), angles).split(qkSplit, 2);
        // k, v: [rows, kvHeads, seq, headDim]
        NDArray k = qAndK.get(1).transpose(0, 2, 1, 3);
        NDArray v = qkAndV.get(1).transpose(0, 2, 1, 3);
        cache.write(layer, firstRow, startPositions, k, v);
        // keys, values: [rows, kvHeads, length, headDim], views of the cache
        NDArray keys = cache.keys(layerManager, layer, firstRow, (int) rows, length);
        NDArray values = cache.values(layerManager, layer, firstRow, (int) rows, length);
        // q: [rows, kvHeads, groups * seq, headDim]: the query heads sharing a KV head become rows of one matrix
        NDArray q = seq == 1
                ? qAndK.get(0).reshape(rows, kvHeads, groups, headDim)
                : qAndK.get(0).transpose(0, 2, 1, 3).reshape(rows, kvHeads, groups * seq, headDim);
        // scores: [rows, kvHeads, groups * seq, length]
        NDArray scores = q.matMul(keys.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores.addi(mask);
        }
        // context: [rows, kvHeads, groups * seq, headDim] -> [rows, seq, dim]
        NDArray context = scores.softmax(-1).matMul(values);
        context = seq == 1
                ? context.reshape(rows, 1, dim)
                : context.reshape(rows, heads, seq, headDim).transpose(0, 2, 1, 3).reshape(rows, seq, dim);
        x.addi(context.matMul(w.attentionOutputT()));
    }

    /** x += down(silu(gate(rmsNorm(x))) * up(rmsNorm(x))). */
    private void feedForward(LlamaWeights.LayerWeights w, NDArray x) {
        // gateUp: [rows, seq, 2 * ffn]
        NDArray gateUp = rmsNorm(x).matMul(w.gateUpT());
        NDList gateAndUp = gateUp.split(gateUpSplit, 2);
        NDArray gate = gateAndUp.get(0);
        // hidden: [rows, seq, ffn] = silu(gate) * up
        NDArray hidden = gate.mul(Activation.sigmoid(gate)).muli(gateAndUp.get(1));
        x.addi(hidden.matMul(w.downT()));
    }

    /**
     * RMSNorm without its weight: {@code x / sqrt(mean(x^2) + eps) = sqrt(dim) * x / sqrt(sum(x^2) + dim * eps)}
     * over the last axis; the weight and {@code sqrt(dim)} are folded into the next projection. A sum is one op
     * cheaper than a mean in PyTorch.
     */
    private NDArray rmsNorm(NDArray x) {
        NDArray sumSquares = x.mul(x).sum(LAST_AXIS, true);
        return x.div(sumSquares.addi(dimTimesEps).sqrt());
    }

    /**
     * Additive mask {@code [rows or 1, 1, groups * seq, length]}: 0 where query {@code s} of row {@code r} may see
     * key position {@code p} ({@code p <= startPositions[r] + s}: causal, and only the row's own cached
     * positions), -inf elsewhere. One row serves all when every row starts at the same position. Null when nothing
     * is masked (one new token per row, rows of equal length).
     */
    private NDArray attentionMask(NDManager step, int[] startPositions, int seq, int length) {
        boolean sameStart = true;
        for (int start : startPositions) {
            sameStart &= start == startPositions[0];
        }
        if (seq == 1 && sameStart) {
            return null;
        }
        int rows = sameStart ? 1 : startPositions.length;
        int groups = heads / kvHeads;
        float[] mask = new float[rows * groups * seq * length];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < groups; g++) {
                for (int s = 0; s < seq; s++) {
                    int offset = ((r * groups + g) * seq + s) * length;
                    for (int p = startPositions[r] + s + 1; p < length; p++) {
                        mask[offset + p] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
        }
        return step.create(mask, new Shape(rows, 1, (long) groups * seq, length));
    }
}
