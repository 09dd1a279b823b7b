package dev.tokenbench.jmh.host;

import dev.tokenbench.jmh.ParamCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteTest {

    @Test
    void defaultSuite_isTheZeroDelayBaselineThePacedFakeThenDjlLlamaCppAndJlamaOnTinyAndSmallThenDjlTinyOverHttp() {
        assertThat(Suite.DEFAULT).extracting(e -> e.params().get("framework"))
                .containsExactly(List.of("fake"), List.of("fake"), List.of("djl-pytorch"), List.of("llama.cpp"), List.of("jlama"), List.of("openai"));
        assertThat(Suite.DEFAULT).extracting(e -> e.params().get("model"))
                .containsExactly(List.of("zero"), List.of("paced"), List.of("tiny", "small"), List.of("tiny", "small"), List.of("tiny", "small"),
                        List.of("serve:djl-pytorch/tiny"));
        assertThat(Suite.DEFAULT).extracting(e -> e.params().get("batchSize"))
                .containsExactly(List.of("1"), List.of("1", "8"), List.of("1", "8"), List.of("1", "8"), List.of("1"), List.of("1"));
        assertThat(Suite.DEFAULT).allSatisfy(e -> {
            assertThat(e.benchmark()).endsWith("GenerationLatencyBenchmark.generate");
            assertThat(e.params()).containsEntry("promptTokens", List.of("128")).containsEntry("newTokens", List.of("32"));
        });
    }

    @Test
    void defaultSuite_everyEntry_passesTheParameterCheck() {
        for (SuiteEntry entry : Suite.DEFAULT) {
            Map<String, List<String>> grid = new LinkedHashMap<>(entry.params());
            grid.putIfAbsent("threads", List.of("1"));
            grid.putIfAbsent("precision", List.of("f32"));
            assertThatCode(() -> ParamCheck.checkGrid(grid)).doesNotThrowAnyException();
        }
    }

    @Test
    void generation_realEngine_isOneEntryOverModelsAndBatchSizes() {
        SuiteEntry entry = Suite.generation("djl-pytorch", List.of("tiny", "small"), List.of(1, 8));

        assertThat(entry.params()).containsEntry("framework", List.of("djl-pytorch"))
                .containsEntry("model", List.of("tiny", "small")).containsEntry("batchSize", List.of("1", "8"));
    }
}
