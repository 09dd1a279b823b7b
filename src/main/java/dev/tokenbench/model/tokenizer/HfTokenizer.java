package dev.tokenbench.model.tokenizer;

import dev.tokenbench.model.ModelFormatException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link TextTokenizer} over a Hugging Face {@code tokenizer.json}, run by DJL's native Hugging Face tokenizers:
 * the same code path for the generated presets and for a user's real checkpoint.
 *
 * <p>Encoding adds the special tokens the file's post-processor names (a leading {@code <s>} for LLaMA) and never
 * truncates or pads. {@link #promptOfTokens} delegates to a {@link PromptBuilder}.
 */
public final class HfTokenizer implements TextTokenizer {

    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final PromptBuilder prompts;

    private HfTokenizer(Path file, HuggingFaceTokenizer tokenizer) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.prompts = new PromptBuilder(this::encode);
    }

    /** Strict JSON: duplicate keys are an error, as they are to the native parser. */
    private static final ObjectReader STRICT_JSON = new ObjectMapper().reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Loads {@code tokenizerJson}.
     *
     * <p>The file is checked to be well-formed JSON with the field types the library needs ({@link TokenizerJsonSchema}) in
     * Java first: the native tokenizers library aborts the whole process (a Rust panic across the JNI boundary) on some
     * malformed files instead of returning an error, and its errors name no file.
     *
     * @throws ModelFormatException if the file is missing, not JSON, has a field of a wrong type, or the native tokenizer rejects it
     */
    public static HfTokenizer open(Path tokenizerJson) throws ModelFormatException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelFormatException(tokenizerJson + ": file not found; a model folder needs the tokenizer.json "
                    + "of its checkpoint");
        }
        checkJson(tokenizerJson);
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(true)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new HfTokenizer(tokenizerJson, tokenizer);
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(tokenizerJson + ": not a tokenizer.json Hugging Face tokenizers can load: "
                    + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "), e);
        }
    }

    private static void checkJson(Path tokenizerJson) throws ModelFormatException {
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(Files.readAllBytes(tokenizerJson));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ModelFormatException(tokenizerJson + ": not valid JSON" + where + ": "
                    + String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\R\\s*", " "), e);
        } catch (IOException e) {
            throw new ModelFormatException(tokenizerJson + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(tokenizerJson + ": not a tokenizer.json: expected a JSON object");
        }
        TokenizerJsonSchema.check(tokenizerJson, root);
    }

    /** The {@code tokenizer.json} this tokenizer was loaded from. */
    public Path file() {
        return file;
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text).getIds();
        int[] result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = Math.toIntExact(ids[i]);
        }
        return result;
    }

    @Override
    public String decode(int[] tokenIds) {
        long[] ids = new long[tokenIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenIds[i];
        }
        return tokenizer.decode(ids, true);
    }

    @Override
    public String promptOfTokens(int promptTokens) {
        return prompts.build(promptTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
