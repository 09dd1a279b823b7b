package dev.tokenbench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationRequestTest {

    @Test
    void constructor_validRequest_keepsPromptsAndBatchSize() {
        GenerationRequest request = new GenerationRequest(List.of("a", "b"), 4);
        assertThat(request.batchSize()).isEqualTo(2);
        assertThat(request.newTokens()).isEqualTo(4);
    }

    @Test
    void constructor_badArguments_throwNamingTheArgument() {
        assertThatThrownBy(() -> new GenerationRequest(List.of(), 1)).hasMessage("prompts must hold at least 1 prompt, was empty");
        assertThatThrownBy(() -> new GenerationRequest(null, 1)).hasMessage("prompts must hold at least 1 prompt, was null");
        assertThatThrownBy(() -> new GenerationRequest(Arrays.asList("a", null), 1)).hasMessage("prompts[1] is null; every prompt must be a string");
        assertThatThrownBy(() -> new GenerationRequest(List.of("a"), 0)).hasMessage("newTokens must be >= 1, was 0");
    }
}
