package dev.tokenbench.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BpeVocabularyTest {

    @Test
    void ofSize_layout_matchesLlama2() {
        BpeVocabulary vocabulary = BpeVocabulary.ofSize(2048);

        assertThat(vocabulary.size()).isEqualTo(2048);
        assertThat(vocabulary.tokens().subList(0, 4)).containsExactly("<unk>", "<s>", "</s>", "<0x00>");
        assertThat(vocabulary.token(258)).isEqualTo("<0xFF>");
        assertThat(vocabulary.token(259)).isEqualTo("\u2581");
        assertThat(vocabulary.token(260)).isEqualTo("!");
        assertThat(vocabulary.token(BpeVocabulary.minimumSize())).isEqualTo("\u2581t");
        assertThat(vocabulary.id("\u2581the")).isEqualTo(366);
    }

    @Test
    void type_andScore_followGgufConventions() {
        BpeVocabulary vocabulary = BpeVocabulary.ofSize(2048);

        assertThat(List.of(vocabulary.type(0), vocabulary.type(1), vocabulary.type(2), vocabulary.type(3), vocabulary.type(300)))
                .containsExactly(BpeVocabulary.TokenType.UNKNOWN, BpeVocabulary.TokenType.CONTROL,
                        BpeVocabulary.TokenType.CONTROL, BpeVocabulary.TokenType.BYTE, BpeVocabulary.TokenType.NORMAL);
        assertThat(vocabulary.type(300).ggufType()).isEqualTo(1);
        assertThat(vocabulary.score(3)).isZero();
        assertThat(vocabulary.score(300)).isEqualTo(-300f);
    }

    @Test
    void ofSize_smallerVocabulary_isPrefixOfLarger() {
        assertThat(BpeVocabulary.ofSize(32000).tokens().subList(0, 2048)).isEqualTo(BpeVocabulary.ofSize(2048).tokens());
    }

    @Test
    void merges_rankedByMergedPieceId_andBuildEveryPiece() {
        BpeVocabulary vocabulary = BpeVocabulary.ofSize(2048);
        int previous = 0;
        java.util.Set<String> built = new java.util.HashSet<>();
        for (String[] merge : vocabulary.merges()) {
            int merged = vocabulary.id(merge[0] + merge[1]);
            assertThat(merged).isGreaterThanOrEqualTo(previous);
            previous = merged;
            built.add(merge[0] + merge[1]);
        }
        for (int id = BpeVocabulary.minimumSize(); id < vocabulary.size(); id++) {
            assertThat(built).contains(vocabulary.token(id));
        }
    }

    @Test
    void ofSize_belowMinimum_isRejected() {
        assertThatThrownBy(() -> BpeVocabulary.ofSize(300)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vocab_size 300 is below 354, the special, byte and alphabet tokens of the generated tokenizer");
    }
}
