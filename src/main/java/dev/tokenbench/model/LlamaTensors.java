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

    /** Receives the expected tensors one at a time; throwing stops the walk. */
    @FunctionalInterface
    interface ShapeVisitor<E extends Exception> {
        void visit(String name, long[] shape) throws E;
    }

    /**
     * Name to shape of every tensor the model needs, in Hugging Face order: embedding, each layer's attention and MLP
     * projections and norms, final norm, then {@code lm_head.weight} when embeddings are not tied.
     */
    static Map<String, long[]> expectedShapes(LlamaConfig config) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        visitExpectedShapes(config, shapes::put);
        return shapes;
    }

    /**
     * Hands every tensor of {@link #expectedShapes} to {@code visitor} in the same order, computing them one at a time:
     * a check that stops at the first missing tensor costs nothing for the layers a config.json claims beyond it.
     */
    static <E extends Exception> void visitExpectedShapes(LlamaConfig config, ShapeVisitor<E> visitor) throws E {
        long dim = config.hiddenSize();
        long kvDim = config.kvDim();
        long ffn = config.intermediateSize();
        long vocab = config.vocabSize();
        visitor.visit(EMBEDDING, new long[] {vocab, dim});
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            String prefix = "model.layers." + layer + ".";
            visitor.visit(prefix + "self_attn.q_proj.weight", new long[] {dim, dim});
            visitor.visit(prefix + "self_attn.k_proj.weight", new long[] {kvDim, dim});
            visitor.visit(prefix + "self_attn.v_proj.weight", new long[] {kvDim, dim});
            visitor.visit(prefix + "self_attn.o_proj.weight", new long[] {dim, dim});
            visitor.visit(prefix + "mlp.gate_proj.weight", new long[] {ffn, dim});
            visitor.visit(prefix + "mlp.up_proj.weight", new long[] {ffn, dim});
            visitor.visit(prefix + "mlp.down_proj.weight", new long[] {dim, ffn});
            visitor.visit(prefix + "input_layernorm.weight", new long[] {dim});
            visitor.visit(prefix + "post_attention_layernorm.weight", new long[] {dim});
        }
        visitor.visit(FINAL_NORM, new long[] {dim});
        if (!config.tieWordEmbeddings()) {
            visitor.visit(LM_HEAD, new long[] {vocab, dim});
        }
    }
}
