package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.model.LlamaConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The DJL decoder against {@link ReferenceLlama}, a plain-Java forward pass, on the same random weights: logits to
 * 1e-4 of the logit scale through prefill and KV-cache decode steps, and identical greedy token ids.
 */
class LlamaModelTest {

    private static final int[] PROMPT = {1, 72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100};

    @Test
    void forward_groupedQueryAttentionUntiedHead_logitsMatchReferenceOverPrefillAndDecode() throws Exception {
        assertLogitsMatchReference(TinyModels.tiny(false), 7);
    }

    @Test
    void forward_tiedHead_logitsMatchReferenceOverPrefillAndDecode() throws Exception {
        assertLogitsMatchReference(TinyModels.tiny(true), 8);
    }

    @Test
    void greedy_groupedQueryAttentionUntiedHead_24TokensIdenticalToReference() throws Exception {
        assertGreedyMatchesReference(TinyModels.tiny(false), 11);
    }

    @Test
    void greedy_tiedHead_24TokensIdenticalToReference() throws Exception {
        assertGreedyMatchesReference(TinyModels.tiny(true), 12);
    }

    private static void assertLogitsMatchReference(LlamaConfig config, long seed) throws Exception {
        RandomTensorSource source = new RandomTensorSource(config, seed);
        ReferenceLlama reference = new ReferenceLlama(config, source);
        try (DjlPytorchEngine engine = Engines.open(config, source, 1)) {
            float[][] logits = engine.greedyLogits(PROMPT, 4);
            int[] sequence = PROMPT.clone();
            for (float[] step : logits) {
                double[] expected = reference.logits(sequence);
                assertLogitScaleIsDecisive(expected);
                double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
                double worst = 0;
                for (int i = 0; i < expected.length; i++) {
                    worst = Math.max(worst, Math.abs(step[i] - expected[i]));
                }
                assertThat(worst / scale).as("max |djl - reference| / max |reference| at length " + sequence.length)
                        .isLessThan(1e-4);
                sequence = Arrays.copyOf(sequence, sequence.length + 1);
                sequence[sequence.length - 1] = ReferenceLlama.argmax(expected);
            }
        }
    }

    private static void assertGreedyMatchesReference(LlamaConfig config, long seed) throws Exception {
        RandomTensorSource source = new RandomTensorSource(config, seed);
        int[] expected = new ReferenceLlama(config, source).greedy(PROMPT, 24);
        try (DjlPytorchEngine engine = Engines.open(config, source, 1)) {
            float[][] logits = engine.greedyLogits(PROMPT, 24);
            int[] actual = new int[logits.length];
            for (int t = 0; t < logits.length; t++) {
                double[] row = new double[logits[t].length];
                for (int i = 0; i < row.length; i++) {
                    row[i] = logits[t][i];
                }
                actual[t] = ReferenceLlama.argmax(row);
            }
            assertThat(actual).containsExactly(expected);
            assertThat(Arrays.stream(expected).distinct().count()).as("a non-degenerate continuation").isGreaterThan(3);
        }
    }

    /** The random weights must give logits with a standard deviation of about 1 to 3, or argmax tests prove little. */
    private static void assertLogitScaleIsDecisive(double[] logits) {
        double mean = Arrays.stream(logits).average().orElseThrow();
        double variance = Arrays.stream(logits).map(value -> (value - mean) * (value - mean)).average().orElseThrow();
        assertThat(Math.sqrt(variance)).isBetween(0.7, 4.0);
    }
}
