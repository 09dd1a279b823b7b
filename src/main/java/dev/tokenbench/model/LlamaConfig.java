package dev.tokenbench.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shape of a LLaMA-family decoder, as a Hugging Face {@code config.json} of {@code LlamaForCausalLM} states it.
 *
 * @param hiddenSize            model width ({@code hidden_size}), dim
 * @param intermediateSize      SwiGLU hidden width ({@code intermediate_size})
 * @param numHiddenLayers       decoder blocks ({@code num_hidden_layers})
 * @param numAttentionHeads     query heads ({@code num_attention_heads})
 * @param numKeyValueHeads      key/value heads ({@code num_key_value_heads}); fewer than query heads means grouped-query attention
 * @param rmsNormEps            epsilon of every RMSNorm ({@code rms_norm_eps})
 * @param ropeTheta             rotary base frequency ({@code rope_theta})
 * @param maxPositionEmbeddings context length the model was built for ({@code max_position_embeddings})
 * @param vocabSize             rows of the embedding and of the output head ({@code vocab_size})
 * @param tieWordEmbeddings     whether the output head reuses the embedding ({@code tie_word_embeddings})
 * @param torchDtype            dtype the checkpoint declares ({@code torch_dtype}), e.g. {@code float32}, {@code bfloat16}
 * @param bosTokenId            beginning-of-sequence token id ({@code bos_token_id})
 * @param eosTokenId            end-of-sequence token id ({@code eos_token_id}; the first when a list)
 * @param ropeScaling           Llama 3.1-style rope scaling ({@code rope_scaling} with {@code rope_type: llama3}), if any
 */
public record LlamaConfig(
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        double rmsNormEps,
        double ropeTheta,
        int maxPositionEmbeddings,
        int vocabSize,
        boolean tieWordEmbeddings,
        String torchDtype,
        int bosTokenId,
        int eosTokenId,
        Optional<RopeScaling> ropeScaling) {

    /**
     * Llama 3.1 frequency scaling of rotary embeddings ({@code rope_type: llama3}).
     */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositionEmbeddings) {
    }

    /** Width of one attention head: hidden size / query heads. */
    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** Width of the key (and value) projection: key/value heads x head width. */
    public int kvDim() {
        return numKeyValueHeads * headDim();
    }

    /** Query heads that share one key/value head. */
    public int queriesPerKvHead() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** The only architecture tokenbench loads, as {@code architectures} in {@code config.json} names it. */
    public static final String ARCHITECTURE = "LlamaForCausalLM";

    /** The only {@code model_type} tokenbench loads. */
    public static final String MODEL_TYPE = "llama";

    /**
     * Reads a Hugging Face {@code config.json} of a {@code LlamaForCausalLM}.
     *
     * <p>Defaults follow Hugging Face's {@code LlamaConfig}: {@code num_key_value_heads} = {@code num_attention_heads},
     * {@code rope_theta} = 10000, {@code tie_word_embeddings} = false, {@code torch_dtype} = float32,
     * {@code bos_token_id} = 1, {@code eos_token_id} = 2 (the first element when it is a list).
     *
     * @throws ModelFormatException one line naming the file, the field, what was found and what is expected
     */
    public static LlamaConfig read(Path configJson) throws IOException {
        return LlamaConfigJson.parse(configJson, JsonFiles.read(configJson));
    }

    /** Writes this config as a Hugging Face {@code config.json} that {@link #read} and {@code transformers} both accept. */
    public void write(Path configJson) throws IOException {
        ObjectNode root = JsonFiles.MAPPER.createObjectNode();
        root.putArray("architectures").add(ARCHITECTURE);
        root.put("model_type", MODEL_TYPE);
        root.put("hidden_size", hiddenSize);
        root.put("intermediate_size", intermediateSize);
        root.put("num_hidden_layers", numHiddenLayers);
        root.put("num_attention_heads", numAttentionHeads);
        root.put("num_key_value_heads", numKeyValueHeads);
        root.put("head_dim", headDim());
        root.put("hidden_act", "silu");
        root.put("rms_norm_eps", rmsNormEps);
        root.put("rope_theta", ropeTheta);
        root.put("max_position_embeddings", maxPositionEmbeddings);
        root.put("vocab_size", vocabSize);
        root.put("tie_word_embeddings", tieWordEmbeddings);
        root.put("torch_dtype", torchDtype);
        root.put("bos_token_id", bosTokenId);
        root.put("eos_token_id", eosTokenId);
        root.put("attention_bias", false);
        root.put("mlp_bias", false);
        if (ropeScaling.isPresent()) {
            RopeScaling scaling = ropeScaling.get();
            ObjectNode node = root.putObject("rope_scaling");
            node.put("rope_type", "llama3");
            node.put("factor", scaling.factor());
            node.put("low_freq_factor", scaling.lowFreqFactor());
            node.put("high_freq_factor", scaling.highFreqFactor());
            node.put("original_max_position_embeddings", scaling.originalMaxPositionEmbeddings());
        } else {
            root.putNull("rope_scaling");
        }
        JsonFiles.write(configJson, root);
    }
}
