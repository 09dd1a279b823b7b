package dev.tokenbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Param;

class ParamCheckTest {

    @TempDir
    Path dir;

    private static Map<String, List<String>> grid(String framework, String model) {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        grid.put("framework", List.of(framework));
        grid.put("model", List.of(model));
        grid.put("batchSize", List.of("1", "8"));
        grid.put("promptTokens", List.of("128"));
        grid.put("newTokens", List.of("64"));
        grid.put("threads", List.of("1"));
        grid.put("precision", List.of("f32"));
        return grid;
    }

    @Test
    void checkNames_unknown_listsTheValidNames() {
        assertThatThrownBy(() -> ParamCheck.checkNames(List.of("batchSize", "batch")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown parameter 'batch'; valid: framework, model, batchSize, promptTokens, newTokens, threads, precision");
    }

    @Test
    void checkGrid_unknownFramework_listsTheRegisteredOnes() {
        assertThatThrownBy(() -> ParamCheck.checkGrid(grid("vllm", "paced")))
                .hasMessage("unknown framework 'vllm'; valid: djl-pytorch, fake, jlama, llama.cpp, openai");
    }

    @Test
    void checkGrid_unknownFakeModel_listsTheSchedules() {
        assertThatThrownBy(() -> ParamCheck.checkGrid(grid("fake", "huge")))
                .hasMessageStartingWith("unknown model 'huge' for framework fake; valid: zero, paced, timing:");
    }

    @Test
    void checkGrid_nonPositiveCount_isRefused() {
        Map<String, List<String>> grid = grid("fake", "zero");
        grid.put("newTokens", List.of("0"));
        assertThatThrownBy(() -> ParamCheck.checkGrid(grid)).hasMessage("newTokens must be a positive integer, was '0'");
        grid.put("newTokens", List.of("many"));
        assertThatThrownBy(() -> ParamCheck.checkGrid(grid)).hasMessage("newTokens must be a positive integer, was 'many'");
    }

    @Test
    void checkGrid_unsupportedPrecision_listsTheFrameworksPrecisions() {
        Map<String, List<String>> grid = grid("fake", "zero");
        grid.put("precision", List.of("int3"));
        assertThatThrownBy(() -> ParamCheck.checkGrid(grid)).hasMessageContaining("cannot run precision 'int3'; valid: f32, f16, q8_0");
    }

    @Test
    void checkGrid_llamaCppOnPresetsAtEveryGgufPrecision_isValid() {
        Map<String, List<String>> grid = grid("llama.cpp", "tiny");
        grid.put("precision", List.of("f32", "f16", "q8_0"));
        ParamCheck.checkGrid(grid);
    }

    @Test
    void checkGrid_everyBenchmarksDefaults_areValid() throws ClassNotFoundException {
        for (String name : List.of("GenerationLatencyBenchmark", "PrefillLatencyBenchmark", "DecodeLatencyBenchmark")) {
            Class<?> benchmark = Class.forName("dev.tokenbench.benchmarks." + name);
            Map<String, List<String>> defaults = new LinkedHashMap<>();
            for (Field field : benchmark.getDeclaredFields()) {
                Param param = field.getAnnotation(Param.class);
                if (param != null) {
                    defaults.put(field.getName(), Arrays.asList(param.value()));
                }
            }
            assertThat(defaults.keySet()).as(name).containsExactlyElementsOf(WorkloadParams.NAMES);
            assertThatCode(() -> ParamCheck.checkGrid(defaults)).as(name).doesNotThrowAnyException();
        }
    }
}
