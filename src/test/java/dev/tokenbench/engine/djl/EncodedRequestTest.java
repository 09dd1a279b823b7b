package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.model.tokenizer.TextTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request checks against the engine's limits, and the encoded prompts. */
class EncodedRequestTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();

    @Test
    void of_promptsWithinLimits_holdsTokensCountsAndLongest() throws InvalidRequestException {
        EncodedRequest encoded = EncodedRequest.of(new GenerationRequest(List.of("ab", "abcd"), 3), TOKENIZER, 2, 16);

        assertThat(encoded.batch()).isEqualTo(2);
        assertThat(encoded.newTokens()).isEqualTo(3);
        assertThat(encoded.promptTokens()[0]).containsExactly(ByteTokenizer.BOS, 'a' + 3, 'b' + 3);
        assertThat(encoded.promptTokenCounts()).containsExactly(3, 5);
        assertThat(encoded.longestPromptTokens()).isEqualTo(5);
    }

    @Test
    void of_promptPlusNewTokensExactlyTheContext_accepted() throws InvalidRequestException {
        assertThat(EncodedRequest.of(new GenerationRequest(List.of("abc"), 4), TOKENIZER, 1, 8).longestPromptTokens())
                .isEqualTo(4);
    }

    @Test
    void of_moreThanMaxBatchPrompts_throwsNamingCountLimitAndFix() {
        assertThatThrownBy(() -> EncodedRequest.of(new GenerationRequest(List.of("a", "b", "c"), 1), TOKENIZER, 2, 16))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("djl-pytorch: request has 3 prompts but the engine was opened for at most 2; "
                        + "open it with optMaxBatch(3) or send fewer prompts");
    }

    @Test
    void of_promptPlusNewTokensBeyondContext_throwsNamingPromptPositionsAndFix() {
        assertThatThrownBy(() -> EncodedRequest.of(new GenerationRequest(List.of("a", "abcdefg"), 2), TOKENIZER, 2, 8))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("djl-pytorch: prompt 1 has 8 tokens, plus 2 new tokens that is 10 positions, more than the "
                        + "context of 8; shorten the prompt to at most 6 tokens, ask for fewer new tokens, or open the "
                        + "engine with a larger optMaxContext");
    }

    @Test
    void of_promptOfNoTokens_throwsNamingPrompt() {
        TextTokenizer empty = new TextTokenizer() {
            @Override
            public int[] encode(String text) {
                return new int[0];
            }

            @Override
            public String decode(int[] tokenIds) {
                return "";
            }

            @Override
            public String promptOfTokens(int promptTokens) {
                return "";
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> EncodedRequest.of(new GenerationRequest(List.of("x"), 1), empty, 1, 8))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("djl-pytorch: prompt 0 has 0 tokens; give it at least one token");
    }
}
