package dev.tokenbench.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.model.ModelFormatException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The types of the {@code tokenizer.json} fields that Hugging Face tokenizers needs, checked in Java before the native
 * library sees the file, so that a wrong type is one line naming the file, the field and the fix rather than whatever the
 * native parser says (or, for some inputs, a panic that ends the JVM).
 *
 * <p>Checked: {@code model} is an object; {@code model.type}, when present, is one of {@link #MODEL_TYPES}; the vocabulary
 * of {@code BPE}, {@code WordPiece} and {@code WordLevel} is an object of token to id (a whole number from 0 to
 * 2^32 - 1), that of {@code Unigram} an array of [token, score] pairs; BPE {@code merges} are all strings
 * {@code "left right"} or all pairs of strings (the library reads the list as one or the other); {@code added_tokens} is an array of objects with an {@code id}, a string {@code content} and, where
 * present, boolean flags; {@code normalizer}, {@code pre_tokenizer}, {@code post_processor}, {@code decoder},
 * {@code truncation} and {@code padding} are objects or null. What the values mean (a merge of unknown tokens, a
 * duplicate id) is left to the native library, whose error {@link HfTokenizer} reports in one line too.
 */
final class TokenizerJsonSchema {

    /** The model types Hugging Face tokenizers knows. */
    static final Set<String> MODEL_TYPES = Set.of("BPE", "Unigram", "WordLevel", "WordPiece");

    private static final long MAX_TOKEN_ID = 0xFFFF_FFFFL;
    private static final String[] OPTIONAL_OBJECTS = {"normalizer", "pre_tokenizer", "post_processor", "decoder", "truncation", "padding"};
    private static final String[] ADDED_TOKEN_FLAGS = {"single_word", "lstrip", "rstrip", "normalized", "special"};
    private static final String FIX = "; fix the field or use the tokenizer.json that came with the checkpoint";
    private static final int SHOWN_VALUE_CHARS = 40;

    private final Path file;

    private TokenizerJsonSchema(Path file) {
        this.file = file;
    }

    /**
     * Checks the parsed {@code root} of {@code file}.
     *
     * @throws ModelFormatException naming the first field of a wrong type
     */
    static void check(Path file, JsonNode root) throws ModelFormatException {
        new TokenizerJsonSchema(file).checkRoot(root);
    }

    private void checkRoot(JsonNode root) throws ModelFormatException {
        JsonNode model = root.get("model");
        if (model == null) {
            throw new ModelFormatException(file + ": field model is missing; a tokenizer.json has a \"model\" object (type, vocab, merges)"
                    + FIX.replace("fix the field", "add it"));
        }
        expect(model.isObject(), "model", "an object (type, vocab, merges)", model);
        JsonNode type = model.get("type");
        if (type != null) {
            expect(type.isTextual() && MODEL_TYPES.contains(type.asText()), "model.type", "one of BPE, Unigram, WordLevel, WordPiece", type);
        }
        String modelType = type == null ? null : type.asText();
        JsonNode vocab = model.get("vocab");
        if ("Unigram".equals(modelType)) {
            checkUnigramVocabulary(vocab);
        } else if (vocab != null || modelType != null) {
            checkVocabulary(vocab);
            checkUnknownToken(model, modelType, vocab);
        }
        JsonNode merges = model.get("merges");
        if (merges != null && !"Unigram".equals(modelType)) {
            checkMerges(merges);
        }
        JsonNode added = root.get("added_tokens");
        if (added != null && !added.isNull()) {
            checkAddedTokens(added);
        }
        for (String name : OPTIONAL_OBJECTS) {
            JsonNode value = root.get(name);
            if (value != null) {
                expect(value.isObject() || value.isNull(), name, "an object or null", value);
            }
        }
    }

    private void checkVocabulary(JsonNode vocab) throws ModelFormatException {
        if (vocab == null) {
            throw new ModelFormatException(file + ": field model.vocab is missing; the model needs its vocabulary, an object of token to id"
                    + FIX.replace("fix the field", "add it"));
        }
        expect(vocab.isObject(), "model.vocab", "an object of token to id", vocab);
        for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
            expectTokenId(entry.getValue(), "model.vocab[" + quoted(entry.getKey()) + "]");
        }
    }

    /**
     * The unknown token must be in the vocabulary: the library loads a file whose {@code unk_token} is not, and then
     * fails on the first word it does not know ({@code WordLevel error: Missing [UNK] token from the vocabulary}), in
     * the middle of a benchmark. WordLevel and WordPiece always have one (default {@code <unk>} and {@code [UNK]}); BPE
     * only when {@code unk_token} is set.
     */
    private void checkUnknownToken(JsonNode model, String modelType, JsonNode vocab) throws ModelFormatException {
        JsonNode unk = model.get("unk_token");
        String token;
        if (unk == null || unk.isNull()) {
            if ("WordLevel".equals(modelType)) {
                token = "<unk>";
            } else if ("WordPiece".equals(modelType)) {
                token = "[UNK]";
            } else {
                return;
            }
        } else {
            expect(unk.isTextual(), "model.unk_token", "a string, a token of model.vocab", unk);
            token = unk.asText();
        }
        if (!vocab.has(token)) {
            throw new ModelFormatException(file + ": field model.unk_token is " + quoted(token) + (unk == null || unk.isNull() ? " (the default of "
                    + modelType + ")" : "") + ", which model.vocab does not have; add it to the vocabulary or use the tokenizer.json that came with the checkpoint");
        }
    }

    private void checkUnigramVocabulary(JsonNode vocab) throws ModelFormatException {
        if (vocab == null) {
            throw new ModelFormatException(file + ": field model.vocab is missing; a Unigram model needs its vocabulary, an array of [token, score] pairs"
                    + FIX.replace("fix the field", "add it"));
        }
        expect(vocab.isArray(), "model.vocab", "an array of [token, score] pairs (a Unigram vocabulary)", vocab);
        for (int i = 0; i < vocab.size(); i++) {
            JsonNode pair = vocab.get(i);
            expect(pair.isArray() && pair.size() == 2 && pair.get(0).isTextual() && pair.get(1).isNumber(), "model.vocab[" + i + "]",
                    "a [token, score] pair: a string and a number", pair);
        }
    }

    private void checkMerges(JsonNode merges) throws ModelFormatException {
        expect(merges.isArray(), "model.merges", "an array of merges", merges);
        // All strings or all pairs: the library reads the list as one or the other, never a mix.
        boolean pairs = merges.size() > 0 && merges.get(0).isArray();
        for (int i = 0; i < merges.size(); i++) {
            JsonNode merge = merges.get(i);
            String field = "model.merges[" + i + "]";
            if (pairs) {
                expect(merge.isArray() && merge.size() == 2 && merge.get(0).isTextual() && merge.get(1).isTextual(), field,
                        "a pair of strings like model.merges[0] (merges are all pairs or all strings \"left right\")", merge);
            } else {
                String text = merge.asText();
                int space = text.indexOf(' ');
                expect(merge.isTextual() && space > 0 && space == text.lastIndexOf(' ') && space < text.length() - 1, field,
                        i == 0 ? "a string \"left right\" (two tokens and one space) or a pair of strings"
                                : "a string \"left right\" (two tokens and one space) like model.merges[0] (merges are all strings or all pairs)", merge);
            }
        }
    }

    private void checkAddedTokens(JsonNode added) throws ModelFormatException {
        expect(added.isArray(), "added_tokens", "an array of token objects", added);
        for (int i = 0; i < added.size(); i++) {
            JsonNode token = added.get(i);
            String field = "added_tokens[" + i + "]";
            expect(token.isObject(), field, "an object with id and content", token);
            JsonNode id = token.get("id");
            if (id == null) {
                throw new ModelFormatException(file + ": field " + field + ".id is missing; every added token needs its id"
                        + FIX.replace("fix the field", "add it"));
            }
            expectTokenId(id, field + ".id");
            JsonNode content = token.get("content");
            if (content == null) {
                throw new ModelFormatException(file + ": field " + field + ".content is missing; every added token needs its text"
                        + FIX.replace("fix the field", "add it"));
            }
            expect(content.isTextual(), field + ".content", "a string", content);
            for (String flag : ADDED_TOKEN_FLAGS) {
                JsonNode value = token.get(flag);
                if (value != null) {
                    expect(value.isBoolean(), field + "." + flag, "true or false", value);
                }
            }
        }
    }

    private void expectTokenId(JsonNode id, String field) throws ModelFormatException {
        boolean valid = id.isIntegralNumber() && id.canConvertToLong() && id.asLong() >= 0 && id.asLong() <= MAX_TOKEN_ID;
        expect(valid, field, "a token id, a whole number from 0 to " + MAX_TOKEN_ID, id);
    }

    private void expect(boolean valid, String field, String expected, JsonNode actual) throws ModelFormatException {
        if (!valid) {
            throw new ModelFormatException(file + ": field " + field + " must be " + expected + ", was " + shown(actual) + FIX);
        }
    }

    /** A JSON value as the message shows it: its JSON text, cut to {@value #SHOWN_VALUE_CHARS} characters. */
    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() <= SHOWN_VALUE_CHARS ? text : text.substring(0, SHOWN_VALUE_CHARS) + "...";
    }

    /** A vocabulary key as JSON text, cut like a value. */
    private static String quoted(String key) {
        return shown(com.fasterxml.jackson.databind.node.TextNode.valueOf(key));
    }
}
