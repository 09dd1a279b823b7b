package dev.tokenbench.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {

    /** A paragraph written for this test, not part of the training text. */
    static final String PARAGRAPH = "Maria opened the bakery before sunrise, when the street was still quiet. She mixed "
            + "flour, water and a pinch of salt, then left the dough to rest while she swept the floor. By seven o'clock "
            + "the first customers were waiting outside, chatting about the weather and the market across the square.";

    @TempDir
    static Path dir;

    static HfTokenizer tiny;
    static HfTokenizer large;

    @BeforeAll
    static void load() throws IOException {
        BpeVocabulary.ofSize(2048).writeTokenizerJson(dir.resolve("tiny.json"));
        BpeVocabulary.ofSize(32000).writeTokenizerJson(dir.resolve("large.json"));
        tiny = HfTokenizer.open(dir.resolve("tiny.json"));
        large = HfTokenizer.open(dir.resolve("large.json"));
    }

    @AfterAll
    static void close() {
        tiny.close();
        large.close();
    }

    @Test
    void encode_fixedSentence_givesGoldenIds() {
        assertThat(tiny.encode("Once upon a time, there was a little girl named Lily."))
                .containsExactly(1, 1556, 1198, 357, 847, 271, 854, 428, 357, 709, 1067, 1120, 580, 273);
        assertThat(large.encode("Once upon a time, the lighthouse keeper noticed 42 ships."))
                .containsExactly(1, 1556, 1198, 357, 847, 271, 366, 1977, 1942, 2030, 259, 279, 277, 2175, 273);
    }

    @Test
    void encode_emptyText_isBosOnly() {
        assertThat(tiny.encode("")).containsExactly(1);
    }

    @Test
    void encode_nonAsciiText_fallsBackToUtf8Bytes() {
        int[] ids = tiny.encode("é");

        // "▁" is piece 259; é is U+00E9 = UTF-8 C3 A9, byte tokens 3 + 0xC3 and 3 + 0xA9.
        assertThat(ids).containsExactly(1, 259, 3 + 0xC3, 3 + 0xA9);
    }

    @Test
    void decode_encodedText_roundTripsAsciiAndNonAscii() {
        for (String text : new String[] {PARAGRAPH, "Héllo wörld, 你好 🙂!", "  two  spaces", "tabs\tand\nnewlines"}) {
            assertThat(tiny.decode(tiny.encode(text))).isEqualTo(text);
            assertThat(large.decode(large.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void encode_englishProse_averagesThreeToFiveCharactersPerToken() {
        int tokens = large.encode(PARAGRAPH).length - 1;

        assertThat((double) PARAGRAPH.length() / tokens).isBetween(3.0, 5.0);
    }

    @Test
    void promptOfTokens_manyLengths_encodeToExactlyThatMany() {
        for (int tokens = 1; tokens <= 40; tokens++) {
            assertThat(tiny.encode(tiny.promptOfTokens(tokens))).hasSize(tokens);
        }
        for (int tokens : new int[] {64, 127, 128, 129, 256, 333, 511, 512}) {
            assertThat(tiny.encode(tiny.promptOfTokens(tokens))).hasSize(tokens);
            assertThat(large.encode(large.promptOfTokens(tokens))).hasSize(tokens);
        }
        assertThat(large.encode(large.promptOfTokens(1024))).hasSize(1024);
    }

    @Test
    void promptOfTokens_sameLength_isDeterministic() {
        assertThat(tiny.promptOfTokens(16)).isEqualTo(tiny.promptOfTokens(16)).startsWith("Once upon a time");
    }

    @Test
    void open_missingFile_saysWhatIsMissing() {
        Path file = dir.resolve("absent.json");

        assertThatThrownBy(() -> HfTokenizer.open(file)).isInstanceOf(ModelFormatException.class)
                .hasMessage(file + ": file not found; a model folder needs the tokenizer.json of its checkpoint");
    }

    @Test
    void open_notATokenizer_isRejectedInOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), "{\"model\": 3}");

        assertThatThrownBy(() -> HfTokenizer.open(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(file + ": not a tokenizer.json Hugging Face tokenizers can load: ")
                .hasMessageNotContaining("\n");
    }

    /**
     * Fuzzing finding (HfTokenizerFuzzTest#tokenizerJson): NUL bytes inside a key of the decoder made the native
     * tokenizers library panic, which aborted the JVM ("fatal runtime error: failed to initiate panic").
     */
    @Test
    void open_controlCharactersInAKey_failsInOneLineInsteadOfAbortingTheJvm() throws IOException {
        Path file = Files.writeString(dir.resolve("nul.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []},\n"
                + " \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_spac\u0000\u0000e\": true}}");

        assertThatThrownBy(() -> HfTokenizer.open(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(file + ": not valid JSON at line 2, column ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void open_duplicateKey_isRejectedInJava() throws IOException {
        Path file = Files.writeString(dir.resolve("twice.json"), "{\"model\": {}, \"model\": {}}");

        assertThatThrownBy(() -> HfTokenizer.open(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(file + ": not valid JSON at line 1, column ")
                .hasMessageContaining("Duplicate field 'model'");
    }
}
