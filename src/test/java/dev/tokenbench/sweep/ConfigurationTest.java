package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigurationTest {

    @Test
    void id_presetModel_isReadable() {
        Configuration configuration = new Configuration(SweepBenchmark.DECODE, "llama.cpp", "small", "q8_0", 8, 256, 32, 2);
        assertThat(configuration.id()).isEqualTo("decode-llama.cpp-small-q8_0-b8-p256-n32-t2");
        assertThat(configuration.workloadId()).isEqualTo("decode-small-q8_0-b8-p256-n32-t2");
        assertThat(configuration.params()).containsExactly(
                java.util.Map.entry("framework", "llama.cpp"), java.util.Map.entry("model", "small"), java.util.Map.entry("precision", "q8_0"),
                java.util.Map.entry("batchSize", "8"), java.util.Map.entry("promptTokens", "256"), java.util.Map.entry("newTokens", "32"),
                java.util.Map.entry("threads", "2"));
    }

    @Test
    void id_pathOrSchedule_isAFolderNameThatKeepsPathsApart() {
        String a = new Configuration(SweepBenchmark.GENERATION, "djl-pytorch", "/models/a b/SmolLM2", "f32", 1, 1, 1, 1).id();
        String b = new Configuration(SweepBenchmark.GENERATION, "djl-pytorch", "/models/a_b/SmolLM2", "f32", 1, 1, 1, 1).id();
        String fake = new Configuration(SweepBenchmark.GENERATION, "fake", "timing:20ms/50us/2ms", "f32", 1, 1, 1, 1).id();
        assertThat(a).matches("[A-Za-z0-9._-]+").startsWith("generation-djl-pytorch-models_a_b_SmolLM2_");
        assertThat(a).isNotEqualTo(b);
        assertThat(fake).matches("[A-Za-z0-9._-]+").startsWith("generation-fake-timing_20ms_50us_2ms_");
    }
}
