package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The probe's Java-side argmax; its logits are checked against the reference model in {@link LlamaModelTest}. */
class GreedyLogitsProbeTest {

    @Test
    void argMax_noneExcluded_largest() {
        assertThat(GreedyLogitsProbe.argMax(new float[] {0.5f, 2f, -1f, 1.5f}, new int[0])).isEqualTo(1);
    }

    @Test
    void argMax_largestExcluded_largestOfTheRest() {
        assertThat(GreedyLogitsProbe.argMax(new float[] {0.5f, 2f, -1f, 1.5f}, new int[] {1})).isEqualTo(3);
    }

    @Test
    void argMax_tie_firstIndex() {
        assertThat(GreedyLogitsProbe.argMax(new float[] {1f, 3f, 3f}, new int[0])).isEqualTo(1);
    }

    @Test
    void argMax_excludedIdsOutsideTheVocabulary_ignored() {
        assertThat(GreedyLogitsProbe.argMax(new float[] {1f, 3f}, new int[] {-1, 7})).isEqualTo(1);
    }
}
