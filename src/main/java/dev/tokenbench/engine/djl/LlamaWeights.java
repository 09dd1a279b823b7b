package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelFormatException;
import dev.tokenbench.model.TensorInfo;
import dev.tokenbench.model.TensorSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decoder's weights as NDArrays that one manager owns, laid out for the forward pass.
 *
 * <p>Every projection keeps the checkpoint's {@code [out, in]} layout. The op-by-op reference pass ({@link LlamaModel})
 * multiplies it first, {@code w.matMul(x)} with activations {@code x: [in, tokens]} (one column per token); the
 * engine's TorchScript pass multiplies copies packed for oneDNN ({@link TorchScriptLlama}), and then frees these
 * projections ({@link #closeProjections}) unless the reference pass is kept. Projections that read the same input are fused into one matrix (q|k|v,
 * gate|up): one large GEMM is cheaper than several small ones. Constants are folded into the weights so the
 * forward pass does not spend an op on them: each RMSNorm weight, times {@code sqrt(dim)} (the forward pass
 * normalises by the root of the sum of squares, not of the mean), scales the input columns of the projection that
 * follows it, and the attention scale {@code 1/sqrt(headDim)} scales the query rows.
 *
 * @param embedding  token embedding, {@code [vocab, dim]}
 * @param layers     one entry per decoder block
 * @param finalNorm  weight of the last RMSNorm times {@code sqrt(dim)}, {@code [dim, 1]}
 * @param output     output head, {@code [vocab, dim]}: {@code lm_head.weight}, or the embedding itself when the
 *                   model ties them
 */
record LlamaWeights(NDArray embedding, List<LayerWeights> layers, NDArray finalNorm, NDArray output) {

    /**
     * One decoder block.
     *
     * @param qkv      {@code [dim + 2 * kvDim, dim]}: q (scaled by 1/sqrt(headDim)), k and v projections stacked,
     *                 columns scaled by the input RMSNorm weight
     * @param attentionOutput {@code [dim, dim]}: the o projection
     * @param gateUp   {@code [2 * ffn, dim]}: gate and up projections stacked, columns scaled by the
     *                 post-attention RMSNorm weight
     * @param down     {@code [dim, ffn]}: the down projection
     */
    record LayerWeights(NDArray qkv, NDArray attentionOutput, NDArray gateUp, NDArray down) {
    }

    /** Bytes of the weights a decode step streams: every layer's matrices and the output head. */
    long streamedBytesPerToken() {
        long elements = output.size();
        for (LayerWeights layer : layers) {
            elements += layer.qkv.size() + layer.attentionOutput.size() + layer.gateUp.size() + layer.down.size();
        }
        return elements * Float.BYTES;
    }

    /**
     * Frees every projection matrix (each layer's and the output head, unless the head is the embedding); the
     * embedding and the final norm stay. The weights cannot run a forward pass afterwards.
     */
    void closeProjections() {
        for (LayerWeights layer : layers) {
            layer.qkv.close();
            layer.attentionOutput.close();
            layer.gateUp.close();
            layer.down.close();
        }
        if (output != embedding) {
            output.close();
        }
    }

    /**
     * Copies the weights of {@code source} into arrays owned by {@code manager}, fused and folded. The source can
     * be closed once this returns.
     *
     * @throws ModelFormatException naming the tensor, the shape found and the shape the config expects
     */
    static LlamaWeights load(LlamaConfig config, TensorSource source, NDManager manager) throws IOException {
        return new Loader(config, source, manager).load();
    }

    /**
     * Wraps each tensor's bytes as an NDArray without copying (a view of the memory-mapped file for F32
     * checkpoints) and lets PyTorch write the owned array in one pass: a copy, or a concatenation of the fused
     * tensors scaled in place. No per-element Java loop, no staging copy.
     */
    private static final class Loader {
        private final LlamaConfig config;
        private final TensorSource source;
        private final NDManager manager;
        private final int dim;
        private final int kvDim;
        private final int ffn;
        private final int vocab;

        Loader(LlamaConfig config, TensorSource source, NDManager manager) {
            this.config = config;
            this.source = source;
            this.manager = manager;
            this.dim = config.hiddenSize();
            this.kvDim = config.kvDim();
            this.ffn = config.intermediateSize();
            this.vocab = config.vocabSize();
        }

        LlamaWeights load() throws IOException {
            NDArray embedding = copy("model.embed_tokens.weight", vocab, dim);
            List<LayerWeights> layers = new ArrayList<>(config.numHiddenLayers());
            for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
                layers.add(loadLayer(layer));
            }
            NDArray finalNorm = manager.create(normTimesRootDim(read("model.norm.weight", dim)), new Shape(dim, 1));
            NDArray output = config.tieWordEmbeddings() ? embedding : copy("lm_head.weight", vocab, dim);
            return new LlamaWeights(embedding, List.copyOf(layers), finalNorm, output);
        }

        private LayerWeights loadLayer(int layer) throws IOException {
            String prefix = "model.layers." + layer + ".";
            float[] inputNorm = normTimesRootDim(read(prefix + "input_layernorm.weight", dim));
            float[] postNorm = normTimesRootDim(read(prefix + "post_attention_layernorm.weight", dim));
            float[] queryScale = new float[dim + 2 * kvDim];
            Arrays.fill(queryScale, 0, dim, (float) (1.0 / Math.sqrt(config.headDim())));
            Arrays.fill(queryScale, dim, queryScale.length, 1f);
            NDArray qkv;
            NDArray gateUp;
            try (NDManager wrapped = manager.newSubManager()) {
                // qkv: [dim + 2 * kvDim, dim], columns scaled by the input norm, query rows by 1/sqrt(headDim)
                qkv = NDArrays.concat(new NDList(
                        wrap(wrapped, prefix + "self_attn.q_proj.weight", dim, dim),
                        wrap(wrapped, prefix + "self_attn.k_proj.weight", kvDim, dim),
                        wrap(wrapped, prefix + "self_attn.v_proj.weight", kvDim, dim)), 0);
                qkv.muli(wrapped.create(inputNorm, new Shape(1, dim)))
                        .muli(wrapped.create(queryScale, new Shape(queryScale.length, 1)));
                qkv.attach(manager);
                // gateUp: [2 * ffn, dim], columns scaled by the post-attention norm
                gateUp = NDArrays.concat(new NDList(
                        wrap(wrapped, prefix + "mlp.gate_proj.weight", ffn, dim),
                        wrap(wrapped, prefix + "mlp.up_proj.weight", ffn, dim)), 0);
                gateUp.muli(wrapped.create(postNorm, new Shape(1, dim)));
                gateUp.attach(manager);
            }
            NDArray attentionOutput = copy(prefix + "self_attn.o_proj.weight", dim, dim);
            NDArray down = copy(prefix + "mlp.down_proj.weight", dim, ffn);
            return new LayerWeights(qkv, attentionOutput, gateUp, down);
        }

        /**
         * A tensor as stored, in an array the manager owns. When the source hands out a read-only view of its
         * mapped file (F32 safetensors, see {@link TensorSource#floatBytes}), the array is that memory itself: no
         * copy at load, pages are read on first use, and the array keeps the mapping alive (the forward pass never
         * writes to weights). A new buffer (converted or generated values) is copied into PyTorch's memory instead,
         * so that it can be freed.
         */
        private NDArray copy(String name, long... shape) throws IOException {
            ByteBuffer bytes = floatBytes(name, shape);
            if (bytes.isReadOnly()) {
                return manager.create(bytes, new Shape(shape), DataType.FLOAT32);
            }
            try (NDManager wrapped = manager.newSubManager()) {
                NDArray owned = wrapped.create(bytes, new Shape(shape), DataType.FLOAT32).duplicate();
                owned.attach(manager);
                return owned;
            }
        }

        /** The tensor wrapped by {@code wrapped} without a copy. Only read it: it may be a view of the mapped file. */
        private NDArray wrap(NDManager wrapped, String name, long... shape) throws IOException {
            return wrapped.create(floatBytes(name, shape), new Shape(shape), DataType.FLOAT32);
        }

        /** The tensor's float32 bytes, after checking its shape. */
        private ByteBuffer floatBytes(String name, long... expectedShape) throws IOException {
            TensorInfo info = checkShape(name, expectedShape);
            ByteBuffer bytes = source.floatBytes(name);
            if (bytes.remaining() != info.elementCount() * Float.BYTES) {
                throw new ModelFormatException("tensor " + name + " has " + bytes.remaining() / Float.BYTES + " values, shape "
                        + Arrays.toString(expectedShape) + " needs " + info.elementCount());
            }
            return bytes;
        }

        /** The tensor's float32 values (a read-only view for F32 checkpoints), after checking its shape. */
        private FloatBuffer read(String name, long... expectedShape) throws IOException {
            TensorInfo info = checkShape(name, expectedShape);
            FloatBuffer values = source.floats(name);
            if (values.remaining() != info.elementCount()) {
                throw new ModelFormatException("tensor " + name + " has " + values.remaining() + " values, shape "
                        + Arrays.toString(expectedShape) + " needs " + info.elementCount());
            }
            return values;
        }

        private TensorInfo checkShape(String name, long... expectedShape) throws ModelFormatException {
            TensorInfo info = source.info(name);
            if (!Arrays.equals(info.shape(), expectedShape)) {
                throw new ModelFormatException("tensor " + name + " has shape " + Arrays.toString(info.shape())
                        + ", config expects " + Arrays.toString(expectedShape));
            }
            return info;
        }

        /** An RMSNorm weight times sqrt(dim), see the class comment. */
        private float[] normTimesRootDim(FloatBuffer weight) {
            float[] scaled = new float[weight.remaining()];
            double rootDim = Math.sqrt(dim);
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = (float) (weight.get(weight.position() + i) * rootDim);
            }
            return scaled;
        }
    }
}
