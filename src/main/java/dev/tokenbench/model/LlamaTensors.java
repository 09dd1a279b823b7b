package dev.tokenbench.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The weight tensors a {@link LlamaConfig} implies, with their Hugging Face names and PyTorch {@code [out, in]} shapes. */
public final class LlamaTensors {

    public static final String EMBEDDING = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";

    private LlamaTensors() {
    }

    /**
     * Name to shape of every tensor the model needs, in Hugging Face order: embedding, each layer's attention and MLP
     * projections and norms, final norm, then {@code lm_head.weight} when embeddings are not tied.
     */
    static Map<String, long[]> expectedShapes(LlamaConfig config) {
        long dim = config.hiddenSize();
        long kvDim = config.kvDim();
        long ffn = config.intermediateSize();
        long vocab = config.vocabSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(EMBEDDING, new long[] {vocab, dim});
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            String prefix = "model.layers." + layer + ".";
            shapes.put(prefix + "self_attn.q_proj.weight", new long[] {dim, dim});
            shapes.put(prefix + "self_attn.k_proj.weight", new long[] {kvDim, dim});
            shapes.put(prefix + "self_attn.v_proj.weight", new long[] {kvDim, dim});
            shapes.put(prefix + "self_attn.o_proj.weight", new long[] {dim, dim});
            shapes.put(prefix + "mlp.gate_proj.weight", new long[] {ffn, dim});
            shapes.put(prefix + "mlp.up_proj.weight", new long[] {ffn, dim});
            shapes.put(prefix + "mlp.down_proj.weight", new long[] {dim, ffn});
            shapes.put(prefix + "input_layernorm.weight", new long[] {dim});
            shapes.put(prefix + "post_attention_layernorm.weight", new long[] {dim});
        }
        shapes.put(FINAL_NORM, new long[] {dim});
        if (!config.tieWordEmbeddings()) {
            shapes.put(LM_HEAD, new long[] {vocab, dim});
        }
        return shapes;
    }
}
