package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelFormatException;
import dev.tokenbench.model.TensorInfo;
import dev.tokenbench.model.TensorSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decoder's weights as NDArrays that one manager owns, laid out for the forward pass.
 *
 * <p>Every projection keeps the checkpoint's {@code [out, in]} layout and is the first operand of its matmul,
 * {@code w.matMul(x)} with activations {@code x: [in, tokens]} (one column per token): with few tokens per step
 * (batched decode) PyTorch's CPU GEMM runs markedly faster with the weight first than with {@code x.matMul(wT)},
 * and loading needs no transposes. Projections that read the same input are fused into one matrix (q|k|v,
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
     * Copies the weights of {@code source} into arrays owned by {@code manager}, fused and folded. The source can
     * be closed once this returns.
     *
     * @throws ModelFormatException naming the tensor, the shape found and the shape the config expects
     */
    static LlamaWeights load(LlamaConfig config, TensorSource source, NDManager manager) throws IOException {
        return new Loader(config, source, manager).load();
    }

    /**
     * Copies tensors into one reusable direct staging buffer (a bulk copy; fused tensors side by side, which is
     * their stacked layout), wraps it as an NDArray without copying, and lets PyTorch write the owned, scaled
     * array: no per-element Java loop.
     */
    private static final class Loader {
        private final LlamaConfig config;
        private final TensorSource source;
        private final NDManager manager;
        private final int dim;
        private final int kvDim;
        private final int ffn;
        private final int vocab;
        private final ByteBuffer staging;
        private final FloatBuffer stagingFloats;

        Loader(LlamaConfig config, TensorSource source, NDManager manager) {
            this.config = config;
            this.source = source;
            this.manager = manager;
            this.dim = config.hiddenSize();
            this.kvDim = config.kvDim();
            this.ffn = config.intermediateSize();
            this.vocab = config.vocabSize();
            long largest = Math.max(Math.max((long) dim * (dim + 2L * kvDim), 2L * dim * ffn), (long) vocab * dim);
            this.staging = ByteBuffer.allocateDirect(Math.toIntExact(largest * Float.BYTES)).order(ByteOrder.nativeOrder());
            this.stagingFloats = staging.asFloatBuffer();
        }

        LlamaWeights load() throws IOException {
            stage(0, "model.embed_tokens.weight", vocab, dim);
            NDArray embedding = own(null, null, vocab, dim);
            List<LayerWeights> layers = new ArrayList<>(config.numHiddenLayers());
            for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
                layers.add(loadLayer(layer));
            }
            NDArray finalNorm = manager.create(normTimesRootDim(read("model.norm.weight", dim)), new Shape(dim, 1));
            NDArray output = embedding;
            if (!config.tieWordEmbeddings()) {
                stage(0, "lm_head.weight", vocab, dim);
                output = own(null, null, vocab, dim);
            }
            return new LlamaWeights(embedding, List.copyOf(layers), finalNorm, output);
        }

        private LayerWeights loadLayer(int layer) throws IOException {
            String prefix = "model.layers." + layer + ".";
            float[] inputNorm = normTimesRootDim(read(prefix + "input_layernorm.weight", dim));
            float[] postNorm = normTimesRootDim(read(prefix + "post_attention_layernorm.weight", dim));

            // qkv: [dim + 2 * kvDim, dim], query rows scaled by 1/sqrt(headDim)
            long at = stage(0, prefix + "self_attn.q_proj.weight", dim, dim);
            at = stage(at, prefix + "self_attn.k_proj.weight", kvDim, dim);
            stage(at, prefix + "self_attn.v_proj.weight", kvDim, dim);
            float[] queryScale = new float[dim + 2 * kvDim];
            Arrays.fill(queryScale, 0, dim, (float) (1.0 / Math.sqrt(config.headDim())));
            Arrays.fill(queryScale, dim, queryScale.length, 1f);
            NDArray qkv = own(inputNorm, queryScale, dim + 2L * kvDim, dim);

            stage(0, prefix + "self_attn.o_proj.weight", dim, dim);
            NDArray attentionOutput = own(null, null, dim, dim);

            // gateUp: [2 * ffn, dim]
            at = stage(0, prefix + "mlp.gate_proj.weight", ffn, dim);
            stage(at, prefix + "mlp.up_proj.weight", ffn, dim);
            NDArray gateUp = own(postNorm, null, 2L * ffn, dim);

            stage(0, prefix + "mlp.down_proj.weight", dim, ffn);
            NDArray down = own(null, null, dim, ffn);

            return new LayerWeights(qkv, attentionOutput, gateUp, down);
        }

        /**
         * Copies tensor {@code name} (checked against {@code shape}) into the staging buffer from element
         * {@code offset} on; returns the element after its last.
         */
        private long stage(long offset, String name, long... shape) throws IOException {
            FloatBuffer values = read(name, shape);
            stagingFloats.put(Math.toIntExact(offset), values, values.position(), values.remaining());
            return offset + values.remaining();
        }

        /**
         * The staging buffer's first {@code rows * columns} elements as an array the manager owns, each column
         * scaled by {@code columnScale} and each row by {@code rowScale} where given. DJL wraps direct buffers
         * without copying, and the staging buffer is reused for the next tensor, so PyTorch writes a new array.
         */
        private NDArray own(float[] columnScale, float[] rowScale, long rows, long columns) {
            Shape shape = new Shape(rows, columns);
            ByteBuffer bytes = staging.slice(0, Math.toIntExact(shape.size() * Float.BYTES)).order(ByteOrder.nativeOrder());
            try (NDManager stagingManager = manager.newSubManager()) {
                NDArray wrapped = stagingManager.create(bytes, shape, DataType.FLOAT32);
                NDArray owned = columnScale == null ? wrapped.duplicate()
                        : wrapped.mul(stagingManager.create(columnScale, new Shape(1, columns)));
                if (rowScale != null) {
                    owned.muli(stagingManager.create(rowScale, new Shape(rows, 1)));
                }
                owned.attach(manager);
                return owned;
            }
        }

        /** The tensor's float32 values (a read-only view for F32 checkpoints), after checking its shape. */
        private FloatBuffer read(String name, long... expectedShape) throws IOException {
            TensorInfo info = source.info(name);
            if (!Arrays.equals(info.shape(), expectedShape)) {
                throw new ModelFormatException("tensor " + name + " has shape " + Arrays.toString(info.shape())
                        + ", config expects " + Arrays.toString(expectedShape));
            }
            FloatBuffer values = source.floats(name);
            if (values.remaining() != info.elementCount()) {
                throw new ModelFormatException("tensor " + name + " has " + values.remaining() + " values, shape "
                        + Arrays.toString(expectedShape) + " needs " + info.elementCount());
            }
            return values;
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
