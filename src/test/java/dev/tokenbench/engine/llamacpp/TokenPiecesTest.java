package dev.tokenbench.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.model.gguf.GgufConverter;
import dev.tokenbench.model.gguf.GgufFile;
import dev.tokenbench.model.gguf.GgufPrecision;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.ModelPreset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenPiecesTest {

    @TempDir
    Path dir;

    @Test
    void of_generatedVocabulary_bansExactlyTheSpecialAndByteTokensAndNamesEveryPiece() throws IOException {
        Path tiny = dir.resolve("tiny");
        ModelCache.generateInto(ModelPreset.TINY, ModelCache.DEFAULT_SEED, tiny);
        Path gguf = dir.resolve("tiny.gguf");
        GgufConverter.convert(tiny, GgufPrecision.F16, gguf);
        try (GgufFile file = GgufFile.open(gguf)) {
            TokenPieces pieces = TokenPieces.of(file);
            // <unk>, <s>, </s> and the 256 byte tokens: their text does not name them.
            assertThat(pieces.bannedIds()).isEqualTo(IntStream.range(0, 259).boxed().toList());
            assertThat(pieces.id(" ").orElseThrow()).isEqualTo(259); // the piece ▁
            assertThat(pieces.id("a").isPresent()).isTrue();
            assertThat(pieces.id("<0x61>")).isEmpty();
        }
    }

    @Test
    void render_sentencePieceAndByteLevelPieces() {
        assertThat(TokenPieces.render("llama", "\u2581the")).isEqualTo(" the");
        assertThat(TokenPieces.render("gpt2", "\u0120the")).isEqualTo(" the");
        assertThat(TokenPieces.render("gpt2", "\u00c3\u00a9")).isEqualTo("\u00e9"); // bytes C3 A9
        assertThat(TokenPieces.render("gpt2", "\u00c3")).isNull(); // half a UTF-8 character
    }
}
