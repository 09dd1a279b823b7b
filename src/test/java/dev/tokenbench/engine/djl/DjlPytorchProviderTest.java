package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.measure.TokenTimeline;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.DType;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import dev.tokenbench.model.LlamaCheckpoint;
import dev.tokenbench.model.ModelPreset;
import dev.tokenbench.measure.StepCost;
import dev.tokenbench.model.RealShapedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.tokenbench.model.TemporaryModelCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TemporaryModelCache.class)
class DjlPytorchProviderTest {

    @Test
    void open_tinyPreset_generatesTheTinyModelAndServesRequests() throws EngineException {
        EngineOptions options = EngineOptions.builder().setModel("tiny").optMaxBatchSize(2).optMaxSequenceTokens(40).build();

        try (Engine engine = EngineRegistry.open("djl-pytorch", options)) {
            TokenTimeline timeline = new TokenTimeline(2, 6, 0);
            int[] counts = engine.generate(new GenerationRequest(List.of(engine.promptOfTokens(9), engine.promptOfTokens(9)), 6), timeline)
                    .promptTokenCounts();

            assertThat(counts).containsExactly(9, 9);
            assertThat(timeline.tokenIds(0)).hasSize(6).containsExactly(timeline.tokenIds(1));
            assertThat(engine.info().framework()).isEqualTo("djl-pytorch");
            assertThat(engine.info().frameworkVersion()).isEqualTo("DJL 0.36.0 / PyTorch 2.7.1");
            long parameters = ModelPreset.TINY.config().vocabSize() * 128L * 2 + 1_000_000L;
            assertThat(engine.tensorBytes().getAsLong()).isGreaterThan(parameters);
            assertThat(ModelCache.defaultCache().home().resolve("models")).isDirectory();
            // tiny's weight matrices and head, 1048576 parameters at F32 (docs/metrics.md), and an F32 KV cache
            assertThat(engine.stepCost()).contains(new StepCost(4_194_304, 2 * 4 * 64 * 4, 1_572_864, 524_288, 4 * 4 * 128));
            // the provider's engine runs the packed weights only: the op-by-op pass and its dense projections are freed
            assertThatThrownBy(() -> ((DjlPytorchEngine) engine).model()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("djl-pytorch: the op-by-op reference pass was not kept; build the engine with optKeepReferencePass(true)");
        }
    }

    @Test
    void open_smolLm2ShapedBf16Folder_generatesExactlyNTokensDeterministicallyAsTheReference() throws Exception {
        Path folder = RealShapedFixtures.write(Files.createDirectories(ModelCache.defaultCache().home().resolve("smollm2-bf16")),
                RealShapedFixtures.SMOLLM2_REDUCED, DType.BF16, 1, 5);

        assertLoadsAndGeneratesAsTheReference(folder);
    }

    @Test
    void open_shardedF16Folder_generatesExactlyNTokensDeterministicallyAsTheReference() throws Exception {
        Path folder = RealShapedFixtures.write(Files.createDirectories(ModelCache.defaultCache().home().resolve("smollm2-f16-3-shards")),
                RealShapedFixtures.SMOLLM2_REDUCED, DType.F16, 3, 6);

        assertLoadsAndGeneratesAsTheReference(folder);
    }

    /**
     * Opens {@code folder} through the registry and checks: 6 new tokens per sequence, the same for two copies of
     * the prompt in one batch and for the prompt alone in a second request; and (plain-Java reference on the same
     * converted weights) first-step logits to 1e-4 of their scale and identical greedy ids.
     */
    private static void assertLoadsAndGeneratesAsTheReference(Path folder) throws Exception {
        int newTokens = 6;
        EngineOptions options = EngineOptions.builder().setModel(folder.toString()).optMaxBatchSize(2).optMaxSequenceTokens(32).build();
        try (DjlPytorchEngine engine = (DjlPytorchEngine) EngineRegistry.open("djl-pytorch", options);
             LlamaCheckpoint checkpoint = LlamaCheckpoint.open(folder);
             HfTokenizer tokenizer = checkpoint.openTokenizer()) {
            String prompt = engine.promptOfTokens(12);
            TokenTimeline pair = new TokenTimeline(2, newTokens, 0);
            engine.generate(new GenerationRequest(List.of(prompt, prompt), newTokens), pair);
            TokenTimeline alone = new TokenTimeline(1, newTokens, 0);
            engine.generate(new GenerationRequest(List.of(prompt), newTokens), alone);

            assertThat(pair.tokenIds(0)).hasSize(newTokens).containsExactly(pair.tokenIds(1)).containsExactly(alone.tokenIds(0));
            int[] promptIds = tokenizer.encode(prompt);
            assertThat(promptIds).hasSize(12);
            ReferenceLlama reference = new ReferenceLlama(checkpoint.config(), checkpoint.tensors());
            assertThat(LlamaModelTest.relativeError(engine.greedyLogits(promptIds, 1)[0], reference.logits(promptIds)))
                    .isLessThan(1e-4);
            assertThat(alone.tokenIds(0)).containsExactly(reference.greedy(promptIds, newTokens));
        }
    }

    @Test
    void open_workloadBeyondTheOptions_isRejectedPerRequestWithTheFix() throws EngineException {
        EngineOptions options = EngineOptions.builder().setModel("tiny").optMaxSequenceTokens(20).build();

        try (Engine engine = EngineRegistry.open("djl-pytorch", options)) {
            assertThatThrownBy(() -> engine.generate(new GenerationRequest(List.of(engine.promptOfTokens(16)), 8), (s, t, n) -> { }))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("djl-pytorch: prompt 0 has 16 tokens, plus 8 new tokens that is 24 positions, more than the context of 20;");
        }
    }

    @Test
    void open_unknownModel_namesPresetsAndPath() {
        EngineOptions options = EngineOptions.builder().setModel("/no/such/model").build();

        assertThatThrownBy(() -> EngineRegistry.open("djl-pytorch", options))
                .isInstanceOf(EngineException.class)
                .hasMessage("unknown model /no/such/model: not a preset (tiny, small, base) and no folder at /no/such/model");
    }

    @Test
    void close_engineOwningItsTokenizer_canBeClosedTwice() throws EngineException {
        Engine engine = EngineRegistry.open("djl-pytorch", EngineOptions.builder().setModel("tiny").build());
        engine.close();
        engine.close();
        assertThat(engine.tensorBytes()).isEmpty();
    }
}
