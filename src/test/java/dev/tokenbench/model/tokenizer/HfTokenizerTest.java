package dev.tokenbench.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
    void open_typesRightButMeaningWrong_isRejectedByTheNativeLibraryInOneLine() throws IOException {
        // The merge names a token the vocabulary lacks: right types, so the schema passes it on; the native library refuses it.
        Path file = Files.writeString(dir.resolve("broken.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a b\"]}}");

        assertThatThrownBy(() -> HfTokenizer.open(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(file + ": not a tokenizer.json Hugging Face tokenizers can load: ")
                .hasMessageNotContaining("\n");
    }

    /** Field types that the schema check refuses before the native library sees the file, each with its one line. */
    @Test
    void open_fieldOfAWrongType_namesTheFileTheFieldAndTheFix() throws IOException {
        String fix = "; fix the field or use the tokenizer.json that came with the checkpoint";
        String bpe = "\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2}, \"merges\": [\"a b\"]}";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"model\": 3}", "field model must be an object (type, vocab, merges), was 3" + fix);
        cases.put("{\"version\": \"1.0\"}", "field model is missing; a tokenizer.json has a \"model\" object (type, vocab, merges);"
                + " add it or use the tokenizer.json that came with the checkpoint");
        cases.put("{\"model\": {\"type\": \"Bpe\", \"vocab\": {}}}", "field model.type must be one of BPE, Unigram, WordLevel, WordPiece, was \"Bpe\"" + fix);
        cases.put("{\"model\": {\"type\": 7}}", "field model.type must be one of BPE, Unigram, WordLevel, WordPiece, was 7" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"merges\": []}}", "field model.vocab is missing; the model needs its vocabulary,"
                + " an object of token to id; add it or use the tokenizer.json that came with the checkpoint");
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": [\"a\", \"b\"]}}", "field model.vocab must be an object of token to id, was [\"a\",\"b\"]" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": \"1\"}}}",
                "field model.vocab[\"b\"] must be a token id, a whole number from 0 to 4294967295, was \"1\"" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": -1}}}",
                "field model.vocab[\"a\"] must be a token id, a whole number from 0 to 4294967295, was -1" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 4294967296}}}",
                "field model.vocab[\"a\"] must be a token id, a whole number from 0 to 4294967295, was 4294967296" + fix);
        cases.put("{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"a\": 1.5}}}",
                "field model.vocab[\"a\"] must be a token id, a whole number from 0 to 4294967295, was 1.5" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": {\"a\": \"b\"}}}", "field model.merges must be an array of merges, was {\"a\":\"b\"}" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": [\"a  b\"]}}",
                "field model.merges[0] must be a string \"left right\" (two tokens and one space) or a pair of strings, was \"a  b\"" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": [\"a b\", \"ab\"]}}",
                "field model.merges[1] must be a string \"left right\" (two tokens and one space) like model.merges[0]"
                        + " (merges are all strings or all pairs), was \"ab\"" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": [\"a b\", [\"a\", \"b\"]]}}",
                "field model.merges[1] must be a string \"left right\" (two tokens and one space) like model.merges[0]"
                        + " (merges are all strings or all pairs), was [\"a\",\"b\"]" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": [[\"a\", \"b\"], [\"a\", 2]]}}",
                "field model.merges[1] must be a pair of strings like model.merges[0] (merges are all pairs or all strings \"left right\"),"
                        + " was [\"a\",2]" + fix);
        cases.put("{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", -1.5], [\"b\"]]}}",
                "field model.vocab[1] must be a [token, score] pair: a string and a number, was [\"b\"]" + fix);
        cases.put("{" + bpe + ", \"added_tokens\": {}}", "field added_tokens must be an array of token objects, was {}" + fix);
        cases.put("{" + bpe + ", \"added_tokens\": [{\"content\": \"<s>\"}]}",
                "field added_tokens[0].id is missing; every added token needs its id; add it or use the tokenizer.json that came with the checkpoint");
        cases.put("{" + bpe + ", \"added_tokens\": [{\"id\": 0, \"content\": \"<s>\"}, {\"id\": 1, \"content\": 5}]}",
                "field added_tokens[1].content must be a string, was 5" + fix);
        cases.put("{" + bpe + ", \"added_tokens\": [{\"id\": 0, \"content\": \"<s>\", \"special\": \"yes\"}]}",
                "field added_tokens[0].special must be true or false, was \"yes\"" + fix);
        cases.put("{" + bpe + ", \"decoder\": [\"ByteLevel\"]}", "field decoder must be an object or null, was [\"ByteLevel\"]" + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"" + "x".repeat(60) + "\": \"0\"}}}",
                "field model.vocab[\"" + "x".repeat(39) + "...] must be a token id, a whole number from 0 to 4294967295, was \"0\"" + fix);
        int n = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Files.writeString(dir.resolve("schema-" + n++ + ".json"), c.getKey());
            assertThatThrownBy(() -> HfTokenizer.open(file)).as(c.getKey()).isInstanceOf(ModelFormatException.class)
                    .hasMessage(file + ": " + c.getValue());
        }
    }

    /**
     * Fuzzing finding (HfTokenizerFuzzTest#tokenizerJson, in CI): a WordLevel model whose unk_token is not in its
     * vocabulary loaded, then failed on the first unknown word with the library's RuntimeException ("WordLevel error:
     * Missing [UNK] token from the vocabulary"), naming no file.
     */
    @Test
    void open_unknownTokenNotInTheVocabulary_isRejectedBeforeAnyWordIsEncoded() throws IOException {
        String fix = "add it to the vocabulary or use the tokenizer.json that came with the checkpoint";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"[llo\": 1, \"world\": 2}, \"unk_token\": \"[UNK]\"},"
                + " \"pre_tokenizer\": {\"type\": \"Whitespace\"}}", "field model.unk_token is \"[UNK]\", which model.vocab does not have; " + fix);
        cases.put("{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"a\": 0}}}",
                "field model.unk_token is \"<unk>\" (the default of WordLevel), which model.vocab does not have; " + fix);
        cases.put("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0}}}",
                "field model.unk_token is \"[UNK]\" (the default of WordPiece), which model.vocab does not have; " + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [], \"unk_token\": \"<unk>\"}}",
                "field model.unk_token is \"<unk>\", which model.vocab does not have; " + fix);
        cases.put("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [], \"unk_token\": 3}}",
                "field model.unk_token must be a string, a token of model.vocab, was 3; fix the field or use the tokenizer.json that came with the checkpoint");
        int n = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Files.writeString(dir.resolve("unk-" + n++ + ".json"), c.getKey());
            assertThatThrownBy(() -> HfTokenizer.open(file)).as(c.getKey()).isInstanceOf(ModelFormatException.class)
                    .hasMessage(file + ": " + c.getValue());
        }
        // With the unknown token in the vocabulary, an unknown word encodes as it.
        Path file = Files.writeString(dir.resolve("unk-ok.json"), "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"[UNK]\": 0, \"world\": 2},"
                + " \"unk_token\": \"[UNK]\"}, \"pre_tokenizer\": {\"type\": \"Whitespace\"}}");
        try (HfTokenizer tokenizer = HfTokenizer.open(file)) {
            assertThat(tokenizer.encode("hello world")).containsExactly(0, 2);
        }
    }

    @Test
    void open_everyShapeTheSchemaAllows_loads() throws IOException {
        // Merges as strings, or as pairs; added tokens with flags; null processors: all of it as Hugging Face writes it.
        for (String merges : new String[] {"[\"a b\", \"ab c\"]", "[[\"a\", \"b\"], [\"ab\", \"c\"]]"}) {
            Path file = Files.writeString(dir.resolve("allowed.json"), "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null,"
                    + " \"added_tokens\": [{\"id\": 3, \"content\": \"<s>\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false,"
                    + " \"normalized\": false, \"special\": true}], \"normalizer\": null, \"pre_tokenizer\": null, \"post_processor\": null,"
                    + " \"decoder\": null, \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2, \"<s>\": 3, \"c\": 4, \"abc\": 5},"
                    + " \"merges\": " + merges + "}}");

            try (HfTokenizer tokenizer = HfTokenizer.open(file)) {
                assertThat(tokenizer.encode("abc")).as(merges).containsExactly(5);
                assertThat(tokenizer.encode("ab")).as(merges).containsExactly(2);
            }
        }
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
