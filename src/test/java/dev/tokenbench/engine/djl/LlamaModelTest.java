package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import dev.tokenbench.model.LlamaCheckpoint;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.ModelPreset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL decoder against {@link ReferenceLlama}, a plain-Java forward pass, on the same weights (seeded random
 * ones, and the generated {@code tiny} preset read from its folder): logits to 1e-4 of the logit scale through
 * prefill and KV-cache decode steps, and identical greedy token ids.
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

    @Test
    void greedy_tinyPresetFromTheModelCache_24StepsOfLogitsAndIdsMatchReference(@TempDir Path home) throws Exception {
        Path folder = new ModelCache(home).resolve(ModelPreset.TINY.presetName());
        String prompt = "Once upon a time, the little robot";
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(folder);
             HfTokenizer tokenizer = checkpoint.openTokenizer();
             DjlPytorchEngine engine = DjlPytorchEngine.builder().setConfig(checkpoint.config())
                     .setTensors(checkpoint.tensors()).setTokenizer(tokenizer).build()) {
            ReferenceLlama reference = new ReferenceLlama(checkpoint.config(), checkpoint.tensors());
            int[] promptIds = tokenizer.encode(prompt);
            float[][] logits = engine.greedyLogits(promptIds, 24);
            int[] sequence = promptIds.clone();
            for (float[] step : logits) {
                double[] expected = reference.logits(sequence);
                assertLogitScaleIsDecisive(expected);
                assertThat(relativeError(step, expected)).as("max |djl - reference| / max |reference| at length " + sequence.length)
                        .isLessThan(1e-4);
                assertThat(argmax(step)).as("greedy id at length " + sequence.length).isEqualTo(ReferenceLlama.argmax(expected));
                sequence = Arrays.copyOf(sequence, sequence.length + 1);
                sequence[sequence.length - 1] = ReferenceLlama.argmax(expected);
            }
            int[] expectedIds = Arrays.copyOfRange(sequence, promptIds.length, sequence.length);
            assertThat(Arrays.stream(expectedIds).distinct().count()).as("a non-degenerate continuation").isGreaterThan(3);
            List<Integer> generated = new ArrayList<>();
            engine.generate(new GenerationRequest(List.of(prompt), 24), (row, token, time) -> generated.add(token));
            assertThat(generated).as("text -> tokenizer -> generate").containsExactly(Arrays.stream(expectedIds).boxed().toArray(Integer[]::new));
        }
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
                assertThat(relativeError(step, expected)).as("max |djl - reference| / max |reference| at length " + sequence.length)
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

    /** max |actual - expected| / max |expected|. */
    static double relativeError(float[] actual, double[] expected) {
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        return worst / scale;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The weights must give logits with a standard deviation of about 1 to 3, or argmax tests prove little. */
    private static void assertLogitScaleIsDecisive(double[] logits) {
        double mean = Arrays.stream(logits).average().orElseThrow();
        double variance = Arrays.stream(logits).map(value -> (value - mean) * (value - mean)).average().orElseThrow();
        assertThat(Math.sqrt(variance)).isBetween(0.7, 4.0);
    }
}
