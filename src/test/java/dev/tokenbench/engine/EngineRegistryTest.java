package dev.tokenbench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.measure.ManualClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineRegistryTest {

    @TempDir
    Path dir;

    @Test
    void frameworks_includeTheFake() {
        assertThat(EngineRegistry.frameworks()).containsExactly("djl-pytorch", "fake", "jlama", "llama.cpp", "openai");
    }

    @Test
    void check_llamaCpp_runsEveryGgufPrecisionAndDjlOnlyF32() {
        assertThat(EngineRegistry.provider("llama.cpp").orElseThrow().precisions()).containsExactly("f32", "f16", "q8_0");
        EngineRegistry.check("llama.cpp", "q8_0");
        assertThatThrownBy(() -> EngineRegistry.check("djl-pytorch", "q8_0"))
                .hasMessage("framework djl-pytorch cannot run precision 'q8_0'; valid: f32");
    }

    @Test
    void check_unknownFramework_listsTheValidOnes() {
        assertThatThrownBy(() -> EngineRegistry.check("vllm", "f32"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown framework 'vllm'; valid: " + String.join(", ", EngineRegistry.frameworks()));
    }

    @Test
    void check_unsupportedPrecision_listsTheValidOnes() {
        assertThatThrownBy(() -> EngineRegistry.check("fake", "int3"))
                .hasMessage("framework fake cannot run precision 'int3'; valid: f32, f16, q8_0");
    }

    @Test
    void open_fake_appliesOptions() throws EngineException {
        FakeEngine.Timing timing = new FakeEngine.Timing(5, 0, 7);
        EngineOptions options = EngineOptions.builder().setModel("timing:5ns/0/7ns").optThreads(2).optPrecision("f16")
                .optClock(new ManualClock()).build();

        try (Engine engine = EngineRegistry.open("fake", options)) {
            assertThat(engine.info().threads()).isEqualTo(2);
            assertThat(engine.info().precision()).isEqualTo("f16");
            assertThat(((FakeEngine) engine).timing()).isEqualTo(timing);
            assertThat(engine.generate(new GenerationRequest(List.of("a b"), 2), (s, t, n) -> { }).promptTokenCounts()).containsExactly(3);
        }
    }

    @Test
    void engineOptions_missingOrBadValues_throwNamingThem() {
        assertThatThrownBy(() -> EngineOptions.builder().build())
                .hasMessage("model is required: call setModel with a preset name (tiny, small, base) or a path");
        assertThatThrownBy(() -> EngineOptions.builder().setModel("tiny").optThreads(0).build())
                .hasMessage("threads must be >= 1, was 0");
        assertThatThrownBy(() -> EngineOptions.builder().setModel("tiny").optMaxBatchSize(0).build())
                .hasMessage("maxBatchSize must be >= 1, was 0");
    }

    @Test
    void checkModel_realFramework_acceptsPresetsAndExistingPathsOnly() {
        assertThatCode(() -> EngineRegistry.checkModel("djl-pytorch", "small")).doesNotThrowAnyException();
        assertThatCode(() -> EngineRegistry.checkModel("djl-pytorch", dir.toString())).doesNotThrowAnyException();
        assertThatThrownBy(() -> EngineRegistry.checkModel("djl-pytorch", "huge"))
                .hasMessage("unknown model 'huge' for framework djl-pytorch; valid: tiny, small, base, or the path of an existing model folder");
    }
}
