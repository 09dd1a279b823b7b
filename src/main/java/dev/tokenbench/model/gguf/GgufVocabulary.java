package dev.tokenbench.model.gguf;

import dev.tokenbench.model.JsonFiles;
import dev.tokenbench.model.ModelFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tokenizer of a GGUF file, built from a Hugging Face {@code tokenizer.json} (BPE): exactly
 * {@code vocab_size} tokens with their types and scores, plus the merges for byte-level vocabularies.
 *
 * <p>A byte-fallback BPE (Llama 2 and the generated presets) becomes llama.cpp's {@code llama} (SentencePiece)
 * tokenizer: {@code <0xAB>} tokens are BYTE, special added tokens CONTROL (the {@code unk_token} UNKNOWN), other
 * added tokens USER_DEFINED, the rest NORMAL with score -id, so that SentencePiece's "merge the pair with the best
 * score" picks the merge BPE ranks first (the generated vocabulary's merges follow its ids; see {@link BpeVocabulary}).
 * A byte-level BPE (Llama 3, SmolLM) becomes {@code gpt2} with the file's merges. Ids the file does not use are
 * filled with {@code [PAD<id>]} tokens of type UNUSED.
 *
 * @param model      {@code tokenizer.ggml.model}: {@code llama} or {@code gpt2}
 * @param tokens     token text by id, exactly vocab_size of them
 * @param types      {@code tokenizer.ggml.token_type} by id
 * @param scores     {@code tokenizer.ggml.scores} by id
 * @param merges     {@code tokenizer.ggml.merges} ({@code "left right"}), empty for {@code llama}
 * @param unknownId  id of the unknown token, or -1
 */
record GgufVocabulary(String model, List<String> tokens, int[] types, float[] scores, List<String> merges, int unknownId) {

    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;
    static final int UNUSED = 5;
    static final int BYTE = 6;

    private static final Pattern BYTE_TOKEN = Pattern.compile("<0x[0-9A-F]{2}>");

    /**
     * Reads {@code tokenizerJson} into a vocabulary of exactly {@code vocabSize} tokens.
     *
     * @throws ModelFormatException naming the file and field when it is not a BPE tokenizer.json or uses ids beyond
     *                              {@code vocabSize}
     */
    static GgufVocabulary read(Path tokenizerJson, int vocabSize) throws IOException {
        JsonNode root = JsonFiles.read(tokenizerJson);
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText())) {
            throw new ModelFormatException(tokenizerJson + ": model.type is " + JsonFiles.describe(model.path("type"))
                    + "; tokenbench converts BPE tokenizers (Llama 2 and 3 style) to GGUF");
        }
        boolean byteFallback = model.path("byte_fallback").asBoolean(false);
        String unkToken = model.path("unk_token").isTextual() ? model.path("unk_token").asText() : null;
        String[] tokens = new String[vocabSize];
        int[] types = new int[vocabSize];
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject()) {
            throw new ModelFormatException(tokenizerJson + ": model.vocab is " + JsonFiles.describe(vocab) + "; expected an object of token to id");
        }
        for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
            int id = checkedId(tokenizerJson, "model.vocab." + entry.getKey(), entry.getValue(), vocabSize);
            tokens[id] = entry.getKey();
            types[id] = byteFallback && BYTE_TOKEN.matcher(entry.getKey()).matches() ? BYTE : NORMAL;
        }
        for (JsonNode added : root.path("added_tokens")) {
            String content = added.path("content").asText();
            int id = checkedId(tokenizerJson, "added_tokens " + content, added.path("id"), vocabSize);
            tokens[id] = content;
            types[id] = added.path("special").asBoolean(false) ? CONTROL : USER_DEFINED;
        }
        int unknownId = -1;
        float[] scores = new float[vocabSize];
        for (int id = 0; id < vocabSize; id++) {
            if (tokens[id] == null) {
                tokens[id] = "[PAD" + id + "]";
                types[id] = UNUSED;
            }
            if (tokens[id].equals(unkToken)) {
                types[id] = UNKNOWN;
                unknownId = id;
            }
            scores[id] = types[id] == NORMAL ? -id : 0f;
        }
        List<String> merges = new ArrayList<>();
        if (!byteFallback) {
            for (JsonNode merge : model.path("merges")) {
                if (merge.isTextual()) {
                    merges.add(merge.asText());
                } else if (merge.isArray() && merge.size() == 2) {
                    merges.add(merge.get(0).asText() + " " + merge.get(1).asText());
                } else {
                    throw new ModelFormatException(tokenizerJson + ": model.merges holds " + JsonFiles.describe(merge)
                            + "; expected \"left right\" or [left, right]");
                }
            }
        }
        return new GgufVocabulary(byteFallback ? "llama" : "gpt2", List.of(tokens), types, scores, merges, unknownId);
    }

    private static int checkedId(Path file, String field, JsonNode node, int vocabSize) throws ModelFormatException {
        if (!node.canConvertToInt() || node.asInt() < 0 || node.asInt() >= vocabSize) {
            throw new ModelFormatException(file + ": " + field + " has id " + node + ", outside [0, " + vocabSize
                    + ") of config.json's vocab_size; the tokenizer does not belong to this model");
        }
        return node.asInt();
    }

    /** The metadata pairs of this vocabulary ({@code tokenizer.ggml.*}). */
    Map<String, GgufValue> metadata(int bosId, int eosId) {
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("tokenizer.ggml.model", GgufValue.string(model));
        if (model.equals("gpt2")) {
            metadata.put("tokenizer.ggml.pre", GgufValue.string("default"));
        }
        metadata.put("tokenizer.ggml.tokens", GgufValue.strings(tokens));
        metadata.put("tokenizer.ggml.scores", GgufValue.float32s(scores));
        metadata.put("tokenizer.ggml.token_type", GgufValue.int32s(types));
        if (model.equals("gpt2")) {
            metadata.put("tokenizer.ggml.merges", GgufValue.strings(merges));
        }
        metadata.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(bosId));
        metadata.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(eosId));
        if (unknownId >= 0) {
            metadata.put("tokenizer.ggml.unknown_token_id", GgufValue.uint32(unknownId));
        }
        metadata.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
        metadata.put("tokenizer.ggml.add_eos_token", GgufValue.bool(false));
        return metadata;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufVocabulary that && model.equals(that.model) && tokens.equals(that.tokens)
                && Arrays.equals(types, that.types) && Arrays.equals(scores, that.scores) && merges.equals(that.merges)
                && unknownId == that.unknownId;
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "GgufVocabulary[" + model + ", " + tokens.size() + " tokens]";
    }
}
