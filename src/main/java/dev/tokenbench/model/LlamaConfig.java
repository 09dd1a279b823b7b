package dev.tokenbench.model;

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
}
