package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.engine.BatchHandling;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.measure.NanoClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine on the tiny grouped-query model: exact greedy ids, batching, streaming, outcomes and errors. */
class DjlPytorchEngineTest {

    private static final int MAX_BATCH = 4;

    /** Every reading is one nanosecond later than the previous one. */
    private static final AtomicLong TICKS = new AtomicLong();
    private static final NanoClock TICKING_CLOCK = new NanoClock() {
        @Override
        public long nanoTime() {
            return TICKS.incrementAndGet();
        }

        @Override
        public void awaitNanoTime(long deadlineNanos) {
            TICKS.accumulateAndGet(deadlineNanos, Math::max);
        }
    };

    private static DjlPytorchEngine engine;

    @BeforeAll
    static void open() throws EngineException {
        engine = Engines.open(TinyModels.tiny(false), new RandomTensorSource(TinyModels.tiny(false), 21), MAX_BATCH, TICKING_CLOCK);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void generate_sameRequestTwice_sameTokens() throws EngineException {
        GenerationRequest request = new GenerationRequest(List.of("The robot counted"), 12);

        assertThat(run(request).tokens).isEqualTo(run(request).tokens);
    }

    @Test
    void generateTokenIds_idsOfTheTexts_sameTokensAsTheTexts_countsAreTheIds() throws EngineException {
        List<String> prompts = List.of("Hi", "Once upon a time, far away,");
        List<int[]> ids = List.of(engine.tokenize(prompts.get(0)).orElseThrow(), engine.tokenize(prompts.get(1)).orElseThrow());
        List<List<Integer>> fromIds = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
        GenerationOutcome outcome = engine.generate(new TokenIdRequest(ids, 6), (s, token, t) -> fromIds.get(s).add(token));

        assertThat(fromIds).isEqualTo(run(new GenerationRequest(prompts, 6)).tokens);
        assertThat(outcome.promptTokenCounts()).containsExactly(ids.get(0).length, ids.get(1).length);
    }

    @Test
    void generateTokenIds_idOutsideTheVocabularyOrEmptyPrompt_isAnInvalidRequest() {
        int vocab = TinyModels.tiny(false).vocabSize();
        assertThatThrownBy(() -> engine.generate(new TokenIdRequest(List.of(new int[] {1, 2}, new int[] {vocab}), 2), (s, t, n) -> { }))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("djl-pytorch: prompt 1 token 0 is id " + vocab + ", outside the vocabulary; token ids must be from 0 to " + (vocab - 1));
        assertThatThrownBy(() -> engine.generate(new TokenIdRequest(List.of(new int[0]), 2), (s, t, n) -> { }))
                .isInstanceOf(InvalidRequestException.class).hasMessage("djl-pytorch: prompt 0 has 0 tokens; give it at least one token");
    }

    @Test
    void generate_identicalPromptsInOneBatch_identicalSequences() throws EngineException {
        String prompt = engine.promptOfTokens(20);

        Run run = run(new GenerationRequest(List.of(prompt, prompt, prompt, prompt), 10));

        assertThat(run.tokens).hasSize(4).allSatisfy(tokens -> assertThat(tokens).isEqualTo(run.tokens.get(0)));
        assertThat(run.tokens.get(0)).isEqualTo(run(new GenerationRequest(List.of(prompt), 10)).tokens.get(0));
    }

    @Test
    void generate_differentPromptLengthsInOneBatch_eachGetsItsTokensWhenRunAlone() throws EngineException {
        List<String> prompts = List.of("Hi", "Once upon a time, far away,", "A", "The little robot loved to count the stars at night");

        Run batch = run(new GenerationRequest(prompts, 9));

        for (int i = 0; i < prompts.size(); i++) {
            assertThat(batch.tokens.get(i)).as("prompt " + i)
                    .isEqualTo(run(new GenerationRequest(List.of(prompts.get(i)), 9)).tokens.get(0));
        }
        assertThat(batch.tokens.get(0)).isNotEqualTo(batch.tokens.get(1));
    }

    @Test
    void generate_differentPromptsOfOneLengthPrefilledTogether_eachGetsItsTokensWhenRunAlone() throws EngineException {
        List<String> prompts = List.of("alpha bravo", "delta gamma", "omega sigma", "kappa theta");

        assertThat(batchMatchesAlone(engine, prompts, 9)).as("distinct continuations").hasSizeGreaterThan(1);
    }

    @Test
    void generate_twoLengthsInterleaved_eachGetsItsTokensWhenRunAlone() throws EngineException {
        List<String> prompts = List.of("alpha bravo", "Hi!!", "omega sigma", "Yes.");

        assertThat(batchMatchesAlone(engine, prompts, 9)).as("distinct continuations").hasSizeGreaterThan(2);
    }

    @Test
    void generate_equalLengthsBeyondOnePrefillPass_eachGetsItsTokensWhenRunAlone() throws EngineException {
        // 5 prompts of 450 tokens: 512 / 450 = 1 row per prefill pass, so 5 passes
        String text = engine.promptOfTokens(448);
        List<String> prompts = List.of("#0" + text, "#1" + text, "#2" + text, "#3" + text, "#4" + text);
        try (DjlPytorchEngine five = Engines.open(TinyModels.tiny(false), new RandomTensorSource(TinyModels.tiny(false), 21), 5)) {
            assertThat(new ByteTokenizer().encode(prompts.get(0))).hasSize(450);

            assertThat(batchMatchesAlone(five, prompts, 4)).as("distinct continuations").hasSizeGreaterThan(1);
        }
    }

    @Test
    void generate_batchOfThree_exactlyNTokensPerSequenceWithIncreasingTimestamps() throws EngineException {
        Run run = run(new GenerationRequest(List.of("a", "bb", "ccc"), 7));

        assertThat(run.tokens).hasSize(3).allSatisfy(tokens -> assertThat(tokens).hasSize(7)
                .allSatisfy(id -> assertThat(id).isBetween(0, 2047)));
        assertThat(run.timestamps).allSatisfy(times -> {
            assertThat(times).hasSize(7);
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i)).isGreaterThan(times.get(i - 1));
            }
        });
    }

    @Test
    void generate_anyRequest_outcomeHasPromptTokenCountsWithBos() throws EngineException {
        GenerationOutcome outcome = run(new GenerationRequest(List.of("abc", "", "hello world"), 2)).outcome;

        assertThat(outcome.promptTokenCounts()).containsExactly(4, 1, 12);
        assertThat(outcome.enginePrefillNanos()).isEmpty();
    }

    @Test
    void generate_reusedCacheHoldingALongerPrompt_shorterPromptGetsItsSoloTokens() throws EngineException {
        // same batch and capacity twice, so the second request reuses the first one's KV cache; its first row is
        // shorter than the first request's, so positions beyond it still hold the first request's keys and values
        String longPrompt = "The little robot loved to count the stars at night";
        String other = "Once upon a time, far away, in a land of tall and quiet trees";
        run(new GenerationRequest(List.of(longPrompt, other), 8));

        Run reused = run(new GenerationRequest(List.of("Hi", other), 8));

        assertThat(reused.tokens.get(0)).isEqualTo(run(new GenerationRequest(List.of("Hi"), 8)).tokens.get(0));
        assertThat(reused.tokens.get(1)).isEqualTo(run(new GenerationRequest(List.of(other), 8)).tokens.get(0));
    }

    @Test
    void generate_manyRequests_freesEveryRequestArray() throws EngineException {
        run(new GenerationRequest(List.of("warm"), 2));
        int before = engine.liveArrayCount();

        run(new GenerationRequest(List.of("x", "a longer prompt"), 16));

        assertThat(before).isPositive();
        assertThat(engine.liveArrayCount()).isEqualTo(before);
    }

    @Test
    void generate_promptPlusNewTokensBeyondContext_throwsNamingPromptCountsAndFix() {
        String longPrompt = engine.promptOfTokens(500);

        assertThatThrownBy(() -> engine.generate(new GenerationRequest(List.of("ok", longPrompt), 20), (s, t, n) -> { }))
                .isInstanceOf(EngineException.class)
                .hasMessage("djl-pytorch: prompt 1 has 500 tokens, plus 20 new tokens that is 520 positions, more than the "
                        + "context of 512; shorten the prompt to at most 492 tokens, ask for fewer new tokens, or open the "
                        + "engine with a larger optMaxContext");
    }

    @Test
    void generate_moreThanMaxBatchPrompts_throwsNamingLimit() {
        assertThatThrownBy(() -> engine.generate(new GenerationRequest(List.of("1", "2", "3", "4", "5"), 1), (s, t, n) -> { }))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("5 prompts").hasMessageContaining("at most 4").hasMessageContaining("optMaxBatch(5)");
    }

    @Test
    void generate_closedEngine_throwsClearError() throws EngineException {
        DjlPytorchEngine closed = Engines.open(TinyModels.tiny(true), new RandomTensorSource(TinyModels.tiny(true), 3), 1);
        closed.close();
        closed.close();

        assertThatThrownBy(() -> closed.generate(new GenerationRequest(List.of("hi"), 1), (s, t, n) -> { }))
                .isInstanceOf(EngineException.class)
                .hasMessage("djl-pytorch: engine is closed; open a new one with DjlPytorchEngine.builder()");
    }

    @Test
    void info_openEngine_reportsWhatRuns() {
        EngineInfo info = engine.info();

        assertThat(info.framework()).isEqualTo("djl-pytorch");
        assertThat(info.frameworkVersion()).matches("DJL \\d+\\.\\d+\\.\\d+ / PyTorch \\d+\\.\\d+\\.\\d+.*");
        assertThat(info.precision()).isEqualTo("f32");
        assertThat(info.threads()).isEqualTo(1);
        assertThat(info.device()).matches("cpu|gpu\\d+");
        assertThat(info.batchHandling()).isEqualTo(BatchHandling.STATIC_BATCH);
        assertThat(info.promptCacheReused()).isFalse();
    }

    @Test
    void promptOfTokens_count_tokenizesToExactlyThatMany() {
        assertThat(new ByteTokenizer().encode(engine.promptOfTokens(37))).hasSize(37);
        assertThatThrownBy(() -> engine.promptOfTokens(513)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_tensorWithWrongShape_throwsNamingTensorAndShapes() {
        RandomTensorSource source = new RandomTensorSource(TinyModels.tiny(false), 1)
                .withShape("model.layers.2.mlp.up_proj.weight", 128, 384);

        assertThatThrownBy(() -> Engines.open(TinyModels.tiny(false), source, 1))
                .isInstanceOf(EngineException.class)
                .hasMessage("djl-pytorch: cannot load weights: tensor model.layers.2.mlp.up_proj.weight has shape [128, 384], "
                        + "config expects [384, 128]");
    }

    @Test
    void build_untiedModelWithoutHead_throwsNamingTensor() {
        RandomTensorSource source = new RandomTensorSource(TinyModels.tiny(false), 1).without("lm_head.weight");

        assertThatThrownBy(() -> Engines.open(TinyModels.tiny(false), source, 1))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("lm_head.weight");
    }

    /** Tokens and timestamps per sequence, as the listener saw them. */
    private record Run(List<List<Integer>> tokens, List<List<Long>> timestamps, GenerationOutcome outcome) {
    }

    /**
     * Runs {@code prompts} as one batch and each alone, checks every sequence got the same tokens both ways, and
     * returns the distinct token sequences of the batch.
     */
    private static Set<List<Integer>> batchMatchesAlone(DjlPytorchEngine engine, List<String> prompts, int newTokens)
            throws EngineException {
        Run batch = run(engine, new GenerationRequest(prompts, newTokens));
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(batch.tokens.get(i)).as("prompt " + i)
                    .isEqualTo(run(engine, new GenerationRequest(List.of(prompts.get(i)), newTokens)).tokens.get(0));
        }
        return new HashSet<>(batch.tokens);
    }

    private static Run run(GenerationRequest request) throws EngineException {
        return run(engine, request);
    }

    private static Run run(DjlPytorchEngine engine, GenerationRequest request) throws EngineException {
        List<List<Integer>> tokens = new ArrayList<>();
        List<List<Long>> timestamps = new ArrayList<>();
        for (int i = 0; i < request.batchSize(); i++) {
            tokens.add(new ArrayList<>());
            timestamps.add(new ArrayList<>());
        }
        GenerationOutcome outcome = engine.generate(request, (sequence, token, time) -> {
            tokens.get(sequence).add(token);
            timestamps.get(sequence).add(time);
        });
        return new Run(tokens, timestamps, outcome);
    }
}
