package dev.tokenbench.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromptBuilderTest {

    /** A tokenizer stand-in: a BOS plus one token per character, so every count is reachable. */
    private static int[] perCharacter(String text) {
        return new int[text.length() + 1];
    }

    @Test
    void build_characterTokenizer_hitsEveryLength() {
        PromptBuilder builder = new PromptBuilder(PromptBuilderTest::perCharacter);

        for (int tokens = 1; tokens <= 300; tokens++) {
            assertThat(builder.build(tokens)).hasSize(tokens - 1);
        }
        assertThat(builder.build(12)).isEqualTo("Once upon a");
    }

    @Test
    void build_belowOneToken_isRejected() {
        PromptBuilder builder = new PromptBuilder(PromptBuilderTest::perCharacter);

        assertThatThrownBy(() -> builder.build(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prompt of 0 tokens requested; the smallest is 1");
    }

    @Test
    void build_unreachableCount_saysSo() {
        PromptBuilder builder = new PromptBuilder(text -> new int[1 + 2 * text.length()]);

        assertThatThrownBy(() -> builder.build(2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot build a prompt of exactly 2 tokens with this tokenizer: stuck at 1");
    }
}
