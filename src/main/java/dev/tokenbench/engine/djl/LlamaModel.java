package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.tokenbench.model.LlamaConfig;

/**
 * The LLaMA decoder's forward pass over NDArrays: embedding, then per block RMSNorm, grouped-query attention
 * with rotary embeddings and a KV cache, RMSNorm, SwiGLU MLP (each with a residual add), then a final RMSNorm
 * and the output head.
 *
 * <p>Activations are kept transposed, {@code [features, tokens]}: one column per token, tokens ordered by row
 * (sequence) then position. Every projection is then {@code w.matMul(x)} with the weight in its checkpoint layout
 * (see {@link LlamaWeights}); q, k and v are slices of the q|k|v product, and the only layout changes are small
 * copies of q and of the attention output (none at batch 1) and the keys and values written into the cache.
 *
 * <p>Cost: a decode step is mostly the weight products; each other op costs some microseconds of fixed overhead
 * in DJL and PyTorch whatever its size, so the forward pass keeps their number low (views by direct slicing, no
 * per-step index parsing, constants folded into the weights, no scalar arguments).
 *
 * <p>Memory: every array the attention or the MLP of a layer creates lives in a sub-manager of the caller's step
 * manager, closed as soon as that half of the layer is done (a prefill pass's temporaries are tens of megabytes
 * each); only the residual stream {@code x} (updated in place) and the returned logits outlive it. A product lands
 * in its first operand's manager, here the weights', so {@link #project} moves it to the activation's manager at
 * once.
 */
final class LlamaModel implements ForwardPass {

    private static final int[] FEATURE_AXIS = {0};

    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final RotaryEmbedding rope;
    private final NDArray dimTimesEps;  // [1]: dim * rms_norm_eps, an array so the add is in place and makes no scalar tensor
    private final int dim;
    private final int heads;
    private final int kvHeads;
    private final int groups;
    private final int headDim;
    private final int ffn;

    LlamaModel(LlamaConfig config, LlamaWeights weights, RotaryEmbedding rope, NDManager weightsManager) {
        this.config = config;
        this.weights = weights;
        this.rope = rope;
        this.dimTimesEps = weightsManager.create(new float[] {(float) (config.hiddenSize() * config.rmsNormEps())});
        this.dim = config.hiddenSize();
        this.heads = config.numAttentionHeads();
        this.kvHeads = config.numKeyValueHeads();
        this.groups = heads / kvHeads;
        this.headDim = config.headDim();
        this.ffn = config.intermediateSize();
    }

    @Override
    public LlamaConfig config() {
        return config;
    }

    LlamaWeights weights() {
        return weights;
    }

    RotaryEmbedding rope() {
        return rope;
    }

    /** {@code [1]}: hidden size times rms_norm_eps. */
    NDArray dimTimesEps() {
        return dimTimesEps;
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
     * @return logits {@code [rows, vocab]} (a transposed view), in {@code step}
     */
    @Override
    public NDArray forward(NDManager step, long[] tokenIds, int seq, int firstRow, int[] startPositions, KvCache cache) {
        int rows = startPositions.length;
        int tokens = rows * seq;
        int length = 0;  // keys each row attends over: positions [0, length)
        for (int start : startPositions) {
            length = Math.max(length, start + seq);
        }
        // x: [dim, tokens], the residual stream; the flat reshape makes the transposed gather contiguous
        NDArray x = weights.embedding().get(step, new NDIndex("{}", step.create(tokenIds)))
                .transpose().reshape((long) dim * tokens).reshape(dim, tokens);
        RotaryEmbedding.Angles angles = rope.angles(step, startPositions, seq);
        NDArray mask = attentionMask(step, startPositions, seq, length);  // [rows or 1, 1, 1, seq, length] or null
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            LlamaWeights.LayerWeights w = weights.layers().get(layer);
            try (NDManager attentionManager = step.newSubManager()) {
                x.tempAttach(attentionManager);
                attention(layer, w, x, rows, seq, angles, mask, firstRow, startPositions, length, cache);
            }
            try (NDManager feedForwardManager = step.newSubManager()) {
                x.tempAttach(feedForwardManager);
                feedForward(w, x);
            }
        }
        // last: [dim, rows], each row's last token
        NDArray last = seq == 1 ? x : x.reshape(dim, rows, seq).get(new NDIndex().addAllDim().addAllDim().addIndices(-1));
        return project(weights.output(), rmsNorm(last).muli(weights.finalNorm())).transpose();
    }

    /**
     * x += attention(rmsNorm(x)), writing this step's keys and values into the cache. q, k and v are slices of one
     * product; the query heads sharing a KV head become rows of one matrix, so attention is two batched matrix
     * products over (row, KV head).
     */
    private void attention(int layer, LlamaWeights.LayerWeights w, NDArray x, int rows, int seq,
                           RotaryEmbedding.Angles angles, NDArray mask, int firstRow, int[] startPositions, int length,
                           KvCache cache) {
        NDManager attentionManager = x.getManager();
        long tokens = (long) rows * seq;
        // qkv: [heads + 2 * kvHeads, headDim, rows, seq]; q already carries 1/sqrt(headDim)
        NDArray qkv = project(w.qkv(), rmsNorm(x)).reshape(heads + 2L * kvHeads, headDim, rows, seq);
        // q|k rotated together: [heads + kvHeads, headDim, rows, seq]; v: [kvHeads, headDim, rows, seq]
        NDArray qk = rope.apply(slice(qkv, 0, heads + kvHeads), angles);
        NDArray v = slice(qkv, heads + kvHeads, heads + 2L * kvHeads);
        // into the cache as keys and values [rows, kvHeads, seq, headDim]
        cache.write(layer, firstRow, startPositions, slice(qk, heads, heads + kvHeads).transpose(2, 0, 3, 1), v.transpose(2, 0, 3, 1));
        // q: [rows, kvHeads, groups * seq, headDim]
        NDArray q = tokens == 1  // one token: the head-major layout is already the target's, a reshape (no copy) does
                ? slice(qk, 0, heads).reshape(1, kvHeads, groups, headDim)
                : slice(qk, 0, heads).reshape(kvHeads, groups, headDim, rows, seq).transpose(3, 0, 1, 4, 2)
                        .reshape(rows, kvHeads, (long) groups * seq, headDim);
        // keys and values: [rows, kvHeads, length, headDim], views of the cache
        NDArray keys = cache.keys(attentionManager, layer, firstRow, rows, length);
        NDArray values = cache.values(attentionManager, layer, firstRow, rows, length);
        // scores: [rows, kvHeads, groups * seq, length], q times the keys transposed (a view)
        NDArray scores = q.matMul(keys.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores.reshape(rows, kvHeads, groups, seq, length).addi(mask);
        }
        NDArray keyWeights = scores.softmax(-1);
        scores.close();
        // context: [rows, kvHeads, groups * seq, headDim] -> [kvHeads, groups, headDim, rows, seq] = [dim, tokens]
        NDArray context = keyWeights.matMul(values);
        context = tokens == 1
                ? context.reshape(dim, 1)
                : context.reshape(rows, kvHeads, groups, seq, headDim).transpose(1, 2, 4, 0, 3).reshape(dim, tokens);
        x.addi(project(w.attentionOutput(), context));
    }

    /** Entries {@code [start, end)} of axis 0 of {@code x}: a view, in {@code x}'s manager (no index to parse, no list). */
    private static NDArray slice(NDArray x, long start, long end) {
        return JniUtils.slice((PtNDArray) x, 0, start, end, 1);
    }

    /**
     * x += down(silu(gate(rmsNorm(x))) * up(rmsNorm(x))). Gate|up and the other temporaries live in their own
     * scope, freed before the down projection allocates.
     */
    private void feedForward(LlamaWeights.LayerWeights w, NDArray x) {
        NDManager feedForwardManager = x.getManager();
        NDArray hidden;  // [ffn, tokens] = silu(gate) * up
        try (NDManager gating = feedForwardManager.newSubManager()) {
            x.tempAttach(gating);
            // gate, up: [ffn, tokens]
            NDArray gateAndUp = project(w.gateUp(), rmsNorm(x));
            NDArray gate = slice(gateAndUp, 0, ffn);
            hidden = Activation.sigmoid(gate).muli(gate).muli(slice(gateAndUp, ffn, 2L * ffn));
            hidden.attach(feedForwardManager);
        }
        x.addi(project(w.down(), hidden));
    }

    /** {@code weight.matMul(x)}, moved into {@code x}'s manager (a product lands in its first operand's). */
    private static NDArray project(NDArray weight, NDArray x) {
        NDArray product = weight.matMul(x);
        product.attach(x.getManager());
        return product;
    }

    /**
     * RMSNorm without its weight, per column: {@code x / sqrt(mean(x^2) + eps) = sqrt(dim) * x / sqrt(sum(x^2) +
     * dim * eps)} over the feature axis; the weight and {@code sqrt(dim)} are folded into the next projection. A sum
     * is one op cheaper than a mean in PyTorch.
     */
    private NDArray rmsNorm(NDArray x) {
        NDArray sumSquares = x.mul(x).sum(FEATURE_AXIS, true);
        return x.div(sumSquares.addi(dimTimesEps).sqrt());
    }

    /**
     * Additive mask {@code [rows or 1, 1, 1, seq, length]} (broadcast over KV heads and the query heads sharing
     * one): 0 where query {@code s} of row {@code r} may see key position {@code p} ({@code p <= startPositions[r]
     * + s}: causal, and only the row's own cached positions), -inf elsewhere. One row serves all when every row
     * starts at the same position. Null when nothing is masked (one new token per row, rows of equal length).
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
        float[] mask = new float[rows * seq * length];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < seq; s++) {
                int offset = (r * seq + s) * length;
                for (int p = startPositions[r] + s + 1; p < length; p++) {
                    mask[offset + p] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return step.create(mask, new Shape(rows, 1, 1, seq, length));
    }
}
