package dev.tokenbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;

/** The parsed JSON tree of a {@code config.json}, checked field by field into a {@link LlamaConfig}. */
final class LlamaConfigJson {

    private static final String POSITIVE_INTEGER = "a positive integer";
    private static final String POSITIVE_NUMBER = "a positive number";

    private final Path file;
    private final JsonNode root;

    private LlamaConfigJson(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static LlamaConfig parse(Path file, JsonNode root) throws ModelFormatException {
        if (!root.isObject()) {
            throw new ModelFormatException(file + ": top level is " + JsonFiles.describe(root) + "; expected a JSON object");
        }
        return new LlamaConfigJson(file, root).toConfig();
    }

    private LlamaConfig toConfig() throws ModelFormatException {
        checkArchitecture();
        int hiddenSize = positiveInt("hidden_size");
        int intermediateSize = positiveInt("intermediate_size");
        int layers = positiveInt("num_hidden_layers");
        int heads = positiveInt("num_attention_heads");
        int kvHeads = root.hasNonNull("num_key_value_heads") ? positiveInt("num_key_value_heads") : heads;
        double eps = positiveNumber("rms_norm_eps");
        double ropeTheta = root.hasNonNull("rope_theta") ? positiveNumber("rope_theta") : 10000.0;
        int context = positiveInt("max_position_embeddings");
        int vocab = positiveInt("vocab_size");
        boolean tie = root.hasNonNull("tie_word_embeddings") && bool("tie_word_embeddings");
        String dtype = root.hasNonNull("torch_dtype") ? string("torch_dtype") : "float32";
        int bos = root.hasNonNull("bos_token_id") ? nonNegativeInt("bos_token_id", root.get("bos_token_id")) : 1;
        int eos = root.hasNonNull("eos_token_id") ? eosTokenId() : 2;
        if (hiddenSize % heads != 0) {
            throw error("hidden_size", "is " + hiddenSize + ", not divisible by num_attention_heads " + heads,
                    "a multiple of num_attention_heads");
        }
        if (heads % kvHeads != 0) {
            throw error("num_attention_heads", "is " + heads + ", not divisible by num_key_value_heads " + kvHeads,
                    "a multiple of num_key_value_heads");
        }
        if (root.hasNonNull("head_dim")) {
            int headDim = positiveInt("head_dim");
            if (headDim != hiddenSize / heads) {
                throw error("head_dim", "is " + headDim, "hidden_size / num_attention_heads = " + hiddenSize / heads
                        + " (tokenbench supports only that head width)");
            }
        }
        return new LlamaConfig(hiddenSize, intermediateSize, layers, heads, kvHeads, eps, ropeTheta, context, vocab, tie,
                dtype, bos, eos, ropeScaling());
    }

    private void checkArchitecture() throws ModelFormatException {
        JsonNode architectures = root.get("architectures");
        JsonNode modelType = root.get("model_type");
        if ((architectures == null || architectures.isNull()) && (modelType == null || modelType.isNull())) {
            throw error("model_type", "is missing (and so is architectures)",
                    "\"model_type\": \"llama\" and \"architectures\": [\"LlamaForCausalLM\"]");
        }
        if (architectures != null && !architectures.isNull()) {
            boolean llama = false;
            if (architectures.isArray()) {
                for (JsonNode name : architectures) {
                    llama |= LlamaConfig.ARCHITECTURE.equals(name.asText());
                }
            }
            if (!llama) {
                throw error("architectures", "is " + architectures,
                        "[\"LlamaForCausalLM\"] (tokenbench supports only Llama-family LlamaForCausalLM checkpoints)");
            }
        }
        if (modelType != null && !modelType.isNull() && !LlamaConfig.MODEL_TYPE.equals(modelType.asText())) {
            throw error("model_type", "is " + modelType,
                    "\"llama\" (tokenbench supports only Llama-family LlamaForCausalLM checkpoints)");
        }
    }

    private int eosTokenId() throws ModelFormatException {
        JsonNode node = root.get("eos_token_id");
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw error("eos_token_id", "is an empty array", "an integer or a non-empty list of integers");
            }
            return nonNegativeInt("eos_token_id", node.get(0));
        }
        return nonNegativeInt("eos_token_id", node);
    }

    private Optional<LlamaConfig.RopeScaling> ropeScaling() throws ModelFormatException {
        JsonNode node = root.get("rope_scaling");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw error("rope_scaling", "is " + JsonFiles.describe(node), "an object with \"rope_type\": \"llama3\", or null");
        }
        String typeField = node.has("rope_type") ? "rope_type" : "type";
        JsonNode type = node.get(typeField);
        if (type == null || !type.isTextual()) {
            throw error("rope_scaling.rope_type", "is " + JsonFiles.describe(type), "\"llama3\"");
        }
        if (type.asText().equals("default")) {
            return Optional.empty();
        }
        if (!type.asText().equals("llama3")) {
            throw error("rope_scaling." + typeField, "is " + type,
                    "\"llama3\" (the only rope scaling tokenbench supports; remove rope_scaling for plain RoPE)");
        }
        return Optional.of(new LlamaConfig.RopeScaling(
                positiveNumber(node, "rope_scaling.factor", "factor"),
                positiveNumber(node, "rope_scaling.low_freq_factor", "low_freq_factor"),
                positiveNumber(node, "rope_scaling.high_freq_factor", "high_freq_factor"),
                positiveInt(node, "rope_scaling.original_max_position_embeddings", "original_max_position_embeddings")));
    }

    private int positiveInt(String field) throws ModelFormatException {
        return positiveInt(root, field, field);
    }

    private int positiveInt(JsonNode parent, String fieldPath, String field) throws ModelFormatException {
        JsonNode node = required(parent, fieldPath, field, POSITIVE_INTEGER);
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() <= 0) {
            throw error(fieldPath, "is " + JsonFiles.describe(node), POSITIVE_INTEGER);
        }
        return node.intValue();
    }

    private int nonNegativeInt(String field, JsonNode node) throws ModelFormatException {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            throw error(field, "is " + JsonFiles.describe(node), "a token id (a non-negative integer)");
        }
        return node.intValue();
    }

    private double positiveNumber(String field) throws ModelFormatException {
        return positiveNumber(root, field, field);
    }

    private double positiveNumber(JsonNode parent, String fieldPath, String field) throws ModelFormatException {
        JsonNode node = required(parent, fieldPath, field, POSITIVE_NUMBER);
        if (!node.isNumber() || !(node.doubleValue() > 0) || Double.isInfinite(node.doubleValue())) {
            throw error(fieldPath, "is " + JsonFiles.describe(node), POSITIVE_NUMBER);
        }
        return node.doubleValue();
    }

    private boolean bool(String field) throws ModelFormatException {
        JsonNode node = root.get(field);
        if (!node.isBoolean()) {
            throw error(field, "is " + JsonFiles.describe(node), "true or false");
        }
        return node.booleanValue();
    }

    private String string(String field) throws ModelFormatException {
        JsonNode node = root.get(field);
        if (!node.isTextual()) {
            throw error(field, "is " + JsonFiles.describe(node), "a string such as \"float32\" or \"bfloat16\"");
        }
        return node.textValue();
    }

    private JsonNode required(JsonNode parent, String fieldPath, String field, String expected) throws ModelFormatException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw error(fieldPath, node == null ? "is missing" : "is null", expected);
        }
        return node;
    }

    private ModelFormatException error(String field, String found, String expected) {
        return new ModelFormatException(file + ": field " + field + " " + found + "; expected " + expected);
    }
}
