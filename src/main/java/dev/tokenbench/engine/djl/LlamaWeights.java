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
 * <p>Every projection is stored pre-transposed, {@code [in, out]}, so that the activation is the first operand
 * ({@code x.matMul(wT)}) and results land in the activation's manager. Projections that read the same input are
 * fused into one matrix (q|k|v, gate|up): one large GEMM is cheaper than several small ones. Constants are folded
 * into the weights so the forward pass does not spend an op on them: each RMSNorm weight, times
 * {@code sqrt(dim)} (the forward pass normalises by the root of the sum of squares, not of the mean), scales the
 * rows of the projection that follows it, and the attention scale {@code 1/sqrt(headDim)} scales the query
 * columns.
 *
 * @param embedding  token embedding, {@code [vocab, dim]}
 * @param layers     one entry per decoder block
 * @param finalNorm  weight of the last RMSNorm times {@code sqrt(dim)}, {@code [dim]}
 * @param outputT    output head, {@code [dim, vocab]}: a transposed view of {@code lm_head.weight}, or of the
 *                   embedding when the model ties them
 */
record LlamaWeights(NDArray embedding, List<LayerWeights> layers, NDArray finalNorm, NDArray outputT) {

    /**
     * One decoder block.
     *
     * @param qkvT     {@code [dim, dim + 2 * kvDim]}: q (scaled by 1/sqrt(headDim)), k and v projections side by
     *                 side, rows scaled by the input RMSNorm weight
     * @param attentionOutputT {@code [dim, dim]}: the o projection
     * @param gateUpT  {@code [dim, 2 * ffn]}: gate and up projections side by side, rows scaled by the
     *                 post-attention RMSNorm weight
     * @param downT    {@code [ffn, dim]}: the down projection
     */
    record LayerWeights(NDArray qkvT, NDArray attentionOutputT, NDArray gateUpT, NDArray downT) {
    }

    /** Bytes of the weights a decode step streams: every layer's matrices and the output head. */
    long streamedBytesPerToken() {
        long elements = outputT.size();
        for (LayerWeights layer : layers) {
            elements += layer.qkvT.size() + layer.attentionOutputT.size() + layer.gateUpT.size() + layer.downT.size();
        }
        return elements * Float.BYTES;
    }

    /**
     * Copies the weights of {@code source} into arrays owned by {@code manager}, fused, transposed and folded.
     * The source can be closed once this returns.
     *
     * @throws ModelFormatException naming the tensor, the shape found and the shape the config expects
     */
    static LlamaWeights load(LlamaConfig config, TensorSource source, NDManager manager) throws IOException {
        return new Loader(config, source, manager).load();
    }

    /** Reads tensors one at a time through one reusable direct staging buffer. */
    private static final class Loader {
        private final LlamaConfig config;
        private final TensorSource source;
        private final NDManager manager;
        private final int dim;
        private final int kvDim;
        private final int ffn;
        private final int vocab;
        private final ByteBuffer staging;

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
        }

        LlamaWeights load() throws IOException {
            NDArray embedding = copy("model.embed_tokens.weight", vocab, dim);
            List<LayerWeights> layers = new ArrayList<>(config.numHiddenLayers());
            for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
                layers.add(loadLayer(layer));
            }
            float[] finalNormValues = normTimesRootDim(read("model.norm.weight", dim));
            stagingFloats(dim).put(0, finalNormValues);
            NDArray finalNorm = own(dim);
            NDArray outputT = config.tieWordEmbeddings()
                    ? embedding.transpose()
                    : copy("lm_head.weight", vocab, dim).transpose();
            return new LlamaWeights(embedding, List.copyOf(layers), finalNorm, outputT);
        }

        private LayerWeights loadLayer(int layer) throws IOException {
            String prefix = "model.layers." + layer + ".";
            float[] inputNorm = normTimesRootDim(read(prefix + "input_layernorm.weight", dim));
            float[] postNorm = normTimesRootDim(read(prefix + "post_attention_layernorm.weight", dim));
            float queryScale = (float) (1.0 / Math.sqrt(config.headDim()));

            // qkvT: [dim, dim + 2 * kvDim]
            FloatBuffer qkv = stagingFloats((long) dim * (dim + 2L * kvDim));
            int qkvWidth = dim + 2 * kvDim;
            putTransposed(qkv, qkvWidth, 0, read(prefix + "self_attn.q_proj.weight", dim, dim), dim, dim, inputNorm, queryScale);
            putTransposed(qkv, qkvWidth, dim, read(prefix + "self_attn.k_proj.weight", kvDim, dim), kvDim, dim, inputNorm, 1f);
            putTransposed(qkv, qkvWidth, dim + kvDim, read(prefix + "self_attn.v_proj.weight", kvDim, dim), kvDim, dim, inputNorm, 1f);
            NDArray qkvT = own(dim, qkvWidth);

            // attentionOutputT: [dim, dim]
            FloatBuffer o = stagingFloats((long) dim * dim);
            putTransposed(o, dim, 0, read(prefix + "self_attn.o_proj.weight", dim, dim), dim, dim, null, 1f);
            NDArray attentionOutputT = own(dim, dim);

            // gateUpT: [dim, 2 * ffn]
            FloatBuffer gateUp = stagingFloats(2L * dim * ffn);
            putTransposed(gateUp, 2 * ffn, 0, read(prefix + "mlp.gate_proj.weight", ffn, dim), ffn, dim, postNorm, 1f);
            putTransposed(gateUp, 2 * ffn, ffn, read(prefix + "mlp.up_proj.weight", ffn, dim), ffn, dim, postNorm, 1f);
            NDArray gateUpT = own(dim, 2 * ffn);

            // downT: [ffn, dim]
            FloatBuffer down = stagingFloats((long) ffn * dim);
            putTransposed(down, dim, 0, read(prefix + "mlp.down_proj.weight", dim, ffn), dim, ffn, null, 1f);
            NDArray downT = own(ffn, dim);

            return new LayerWeights(qkvT, attentionOutputT, gateUpT, downT);
        }

        /**
         * Writes {@code w} ({@code [rows, cols]}, PyTorch {@code [out, in]}) transposed into columns
         * {@code [columnOffset, columnOffset + rows)} of {@code dst} ({@code [cols, dstWidth]}), scaling input
         * {@code i} by {@code rowScale[i]} (when given) and every value by {@code scale}.
         */
        private static void putTransposed(FloatBuffer dst, int dstWidth, int columnOffset, FloatBuffer w, int rows, int cols,
                                          float[] rowScale, float scale) {
            for (int out = 0; out < rows; out++) {
                long rowStart = (long) out * cols;
                for (int in = 0; in < cols; in++) {
                    float value = w.get(Math.toIntExact(rowStart + in)) * scale;
                    if (rowScale != null) {
                        value *= rowScale[in];
                    }
                    dst.put(in * dstWidth + columnOffset + out, value);
                }
            }
        }

        /** A tensor copied as stored, in an array the manager owns. */
        private NDArray copy(String name, long... shape) throws IOException {
            FloatBuffer values = read(name, shape);
            FloatBuffer staged = stagingFloats(values.remaining());
            staged.put(0, values, values.position(), values.remaining());
            return own(shape);
        }

        /**
         * Clones the staging buffer's first {@code shape} elements into memory PyTorch owns: DJL wraps direct
         * buffers without copying, and the staging buffer is reused for the next tensor.
         */
        private NDArray own(long... shape) {
            Shape arrayShape = new Shape(shape);
            ByteBuffer bytes = staging.slice(0, Math.toIntExact(arrayShape.size() * Float.BYTES)).order(ByteOrder.nativeOrder());
            try (NDManager stagingManager = manager.newSubManager()) {
                NDArray wrapped = stagingManager.create(bytes, arrayShape, DataType.FLOAT32);
                NDArray owned = wrapped.duplicate();
                owned.attach(manager);
                return owned;
            }
        }

        private FloatBuffer stagingFloats(long elements) {
            return staging.slice(0, Math.toIntExact(elements * Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
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
