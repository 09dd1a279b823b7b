package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenbench.model.LlamaConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rotary frequencies, with and without Llama 3.1 scaling, against values computed by hand. */
class RotaryEmbeddingTest {

    /** Head width 8: frequencies 10000^(-2i/8) = 1, 0.1, 0.01, 0.001 (wavelengths 6.3, 63, 628, 6283). */
    private static LlamaConfig headOf8(Optional<LlamaConfig.RopeScaling> scaling) {
        return new LlamaConfig(8, 16, 1, 1, 1, 1e-5, 10000.0, 64, 16, true, "float32", 1, 2, scaling);
    }

    @Test
    void inverseFrequencies_noScaling_powersOfTheta() {
        assertThat(RotaryEmbedding.inverseFrequencies(headOf8(Optional.empty())))
                .containsExactly(new double[] {1, 0.1, 0.01, 0.001}, within(1e-12));
    }

    @Test
    void inverseFrequencies_llama3Scaling_keepsShortDividesLongBlendsBetween() {
        // original context 1024, low factor 1, high factor 4: wavelengths below 256 kept, above 1024 divided by 8,
        // 628 blended with smooth = (1024 / 628.32 - 1) / 3 = 0.2099: 0.7901 * 0.01 / 8 + 0.2099 * 0.01
        LlamaConfig.RopeScaling scaling = new LlamaConfig.RopeScaling(8, 1, 4, 1024);

        assertThat(RotaryEmbedding.inverseFrequencies(headOf8(Optional.of(scaling))))
                .containsExactly(new double[] {1, 0.1, 0.00308676, 0.000125}, within(1e-8));
    }
}
