package dev.tokenbench.engine.djl;

import dev.tokenbench.model.DType;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelFormatException;
import dev.tokenbench.model.TensorInfo;
import dev.tokenbench.model.TensorSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Test-only {@link TensorSource}: the tensors of a LLaMA checkpoint with Hugging Face names and shapes, filled
 * with seeded uniform noise, generated on each {@link #floats} call (nothing is kept in memory).
 *
 * <p>Scales keep the network well-behaved and its greedy choices decisive: projections have standard deviation
 * {@code 1/sqrt(in)}, RMSNorm weights are {@code 1 +- 0.1}, and the output head gives logits with a standard
 * deviation of about 2.
 */
final class RandomTensorSource implements TensorSource {

    private final long seed;
    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    private final Map<String, Double> deviations = new LinkedHashMap<>();
    private boolean closed;

    RandomTensorSource(LlamaConfig config, long seed) {
        this.seed = seed;
        long dim = config.hiddenSize();
        long kvDim = config.kvDim();
        long ffn = config.intermediateSize();
        long vocab = config.vocabSize();
        double headDeviation = 2.0 / Math.sqrt(dim);
        add("model.embed_tokens.weight", headDeviation, vocab, dim);
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            String prefix = "model.layers." + layer + ".";
            add(prefix + "input_layernorm.weight", -1, dim);
            add(prefix + "self_attn.q_proj.weight", 1 / Math.sqrt(dim), dim, dim);
            add(prefix + "self_attn.k_proj.weight", 1 / Math.sqrt(dim), kvDim, dim);
            add(prefix + "self_attn.v_proj.weight", 1 / Math.sqrt(dim), kvDim, dim);
            add(prefix + "self_attn.o_proj.weight", 1 / Math.sqrt(dim), dim, dim);
            add(prefix + "post_attention_layernorm.weight", -1, dim);
            add(prefix + "mlp.gate_proj.weight", 1 / Math.sqrt(dim), ffn, dim);
            add(prefix + "mlp.up_proj.weight", 1 / Math.sqrt(dim), ffn, dim);
            add(prefix + "mlp.down_proj.weight", 1 / Math.sqrt(ffn), dim, ffn);
        }
        add("model.norm.weight", -1, dim);
        if (!config.tieWordEmbeddings()) {
            add("lm_head.weight", headDeviation, vocab, dim);
        }
    }

    /** Standard deviation -1 marks a norm weight: 1 + uniform noise of +-0.1. */
    private void add(String name, double deviation, long... shape) {
        tensors.put(name, new TensorInfo(name, DType.F32, shape));
        deviations.put(name, deviation);
    }

    /** Replaces a tensor's declared shape (values follow it), to test shape checks. */
    RandomTensorSource withShape(String name, long... shape) {
        tensors.put(name, new TensorInfo(name, DType.F32, shape));
        return this;
    }

    /** Drops a tensor, to test missing-tensor errors. */
    RandomTensorSource without(String name) {
        tensors.remove(name);
        return this;
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public TensorInfo info(String name) throws ModelFormatException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new ModelFormatException("random weights: no tensor " + name);
        }
        return info;
    }

    @Override
    public FloatBuffer floats(String name) throws ModelFormatException {
        if (closed) {
            throw new IllegalStateException("source is closed");
        }
        TensorInfo info = info(name);
        int count = Math.toIntExact(info.elementCount());
        FloatBuffer values = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        SplittableRandom random = new SplittableRandom(seed * 31 + name.hashCode());
        double deviation = deviations.get(name);
        // uniform on [-a, a] has standard deviation a / sqrt(3)
        double amplitude = deviation < 0 ? 0.1 : deviation * Math.sqrt(3);
        for (int i = 0; i < count; i++) {
            double noise = (2 * random.nextDouble() - 1) * amplitude;
            values.put(i, (float) (deviation < 0 ? 1 + noise : noise));
        }
        return values.asReadOnlyBuffer();
    }

    @Override
    public void close() {
        closed = true;
    }
}
