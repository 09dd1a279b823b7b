package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelPresetTest {

    private static long parameters(LlamaConfig config) {
        return LlamaTensors.expectedShapes(config).values().stream()
                .mapToLong(shape -> java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact)).sum();
    }

    @Test
    void config_parameterCounts_matchTheModelsTheyImitate() {
        assertThat(parameters(ModelPreset.TINY.config())).isEqualTo(1_311_872);
        assertThat(parameters(ModelPreset.SMALL.config())).isEqualTo(15_191_712);
        assertThat(parameters(ModelPreset.BASE.config())).isEqualTo(109_529_856);
    }

    @Test
    void config_tiny_usesGroupedQueryAttentionAndSeparateHead() {
        LlamaConfig tiny = ModelPreset.TINY.config();

        assertThat(tiny.queriesPerKvHead()).isEqualTo(2);
        assertThat(tiny.tieWordEmbeddings()).isFalse();
        assertThat(ModelPreset.SMALL.config().tieWordEmbeddings()).isTrue();
    }

    @Test
    void byName_ignoresCase_andRejectsOthers() {
        assertThat(ModelPreset.byName("Small")).contains(ModelPreset.SMALL);
        assertThat(ModelPreset.byName("large")).isEmpty();
        assertThat(ModelPreset.names()).isEqualTo("tiny, small, base");
    }
}
