package dev.tokenbench.model.gguf;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenbench.FuzzChecks;
import dev.tokenbench.model.ModelFormatException;
import java.nio.file.Path;

/**
 * Fuzz targets of the GGUF reader (header, metadata, tensor table and every tensor's values) and of the vocabulary the
 * converter reads from a {@code tokenizer.json}. The only outcomes are a result or one {@link ModelFormatException}
 * line naming the file (see {@link FuzzChecks}); seeds in {@code GgufFuzzTestInputs/<target>/}.
 */
class GgufFuzzTest {

    /** A GGUF file as {@code model info FILE.gguf} reads it: metadata described, every readable tensor's values read. */
    @FuzzTest(maxDuration = "20s")
    void ggufFile(byte[] input) throws Exception {
        Path file = FuzzChecks.write("gguf", "model.gguf", input);
        FuzzChecks.parse(input.length, () -> {
            try (GgufFile gguf = GgufFile.open(file)) {
                for (GgufValue value : gguf.metadata().values()) {
                    value.describe();
                }
                for (GgufFile.Tensor tensor : gguf.tensors()) {
                    gguf.bytes(tensor.name());
                    if (tensor.type().readable()) {
                        gguf.floats(tensor.name());
                    }
                }
            } catch (ModelFormatException e) {
                FuzzChecks.oneLineError(e, file.toString());
            }
        });
    }

    /**
     * A {@code tokenizer.json} read into a GGUF vocabulary of {@code vocab_size} tokens; the first four bytes choose the
     * vocabulary size (1 to 65536), as config.json would.
     */
    @FuzzTest(maxDuration = "20s")
    void tokenizerVocabulary(FuzzedDataProvider data) throws Exception {
        int vocabSize = data.consumeInt(1, 1 << 16);
        byte[] json = data.consumeRemainingAsBytes();
        Path file = FuzzChecks.write("vocabulary", "tokenizer.json", json);
        FuzzChecks.parse(json.length + 16L * vocabSize, () -> {
            try {
                GgufVocabulary vocabulary = GgufVocabulary.read(file, vocabSize);
                vocabulary.metadata(1, 2);
            } catch (ModelFormatException e) {
                FuzzChecks.oneLineError(e, file.toString());
            }
        });
    }
}
