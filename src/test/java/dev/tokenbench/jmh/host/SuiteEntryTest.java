package dev.tokenbench.jmh.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteEntryTest {

    @Test
    void overriddenBy_replacesNamedParamsAndKeepsTheRest() {
        SuiteEntry entry = new SuiteEntry("B", Map.of("model", List.of("zero"), "batchSize", List.of("1")));

        SuiteEntry overridden = entry.overriddenBy(Map.of("batchSize", List.of("1", "4")));

        assertThat(overridden.params()).containsEntry("model", List.of("zero")).containsEntry("batchSize", List.of("1", "4"));
        assertThat(entry.params()).containsEntry("batchSize", List.of("1"));
    }

    @Test
    void overriddenBy_modelOfAServedEngine_servesTheNamedModelAndKeepsServerModelsAsGiven() {
        SuiteEntry http = new SuiteEntry("B", Map.of("framework", List.of("openai"), "model", List.of("serve:djl-pytorch/tiny")));

        assertThat(http.overriddenBy(Map.of("model", List.of("small", "base"))).params())
                .containsEntry("model", List.of("serve:djl-pytorch/small", "serve:djl-pytorch/base"));
        assertThat(http.overriddenBy(Map.of("model", List.of("http://127.0.0.1:8000/v1#m", "serve:llama.cpp/tiny"))).params())
                .containsEntry("model", List.of("http://127.0.0.1:8000/v1#m", "serve:llama.cpp/tiny"));
        assertThat(new SuiteEntry("B", Map.of("model", List.of("tiny"))).overriddenBy(Map.of("model", List.of("small"))).params())
                .containsEntry("model", List.of("small"));
    }

    @Test
    void equals_sameBenchmarkAndParams_isEqual() {
        assertThat(new SuiteEntry("B", Map.of("model", List.of("a")))).isEqualTo(new SuiteEntry("B", Map.of("model", List.of("a"))));
    }
}
