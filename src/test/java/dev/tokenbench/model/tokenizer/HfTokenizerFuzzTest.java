package dev.tokenbench.model.tokenizer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenbench.FuzzChecks;
import dev.tokenbench.model.ModelFormatException;
import java.nio.file.Path;

/**
 * Fuzz target of {@code tokenizer.json} loading: the file goes to Hugging Face's native tokenizers (through DJL), which
 * must reject what it cannot load as one {@link ModelFormatException} line naming the file; what it loads must encode
 * and decode a sentence. Jazzer covers only the Java side, so this target mutates blindly past the native boundary;
 * seeds in {@code HfTokenizerFuzzTestInputs/tokenizerJson/}.
 */
class HfTokenizerFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void tokenizerJson(byte[] input) throws Exception {
        Path file = FuzzChecks.write("tokenizer", "tokenizer.json", input);
        FuzzChecks.parse(input.length, () -> {
            try (HfTokenizer tokenizer = HfTokenizer.open(file)) {
                int[] ids = tokenizer.encode("Once upon a time, there was a tiny model.");
                tokenizer.decode(ids);
            } catch (ModelFormatException e) {
                FuzzChecks.oneLineError(e, file.toString());
            }
        });
    }
}
