package dev.tokenbench.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.engine.BatchHandling;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.engine.djl.DjlPytorchEngine;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.StepCost;
import dev.tokenbench.model.gguf.GgufConverter;
import dev.tokenbench.model.gguf.GgufFile;
import dev.tokenbench.model.gguf.GgufPrecision;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.TemporaryModelCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The llama.cpp engine on the tiny preset at F32, checked by exact greedy token ids against djl-pytorch on the same
 * weights and prompt ids, and against itself one sequence at a time.
 */
@ExtendWith(TemporaryModelCache.class)
class LlamaCppEngineTest {

    private static final int PROMPT_TOKENS = 32;
    private static final int NEW_TOKENS = 24;

    static LlamaCppEngine engine;
    static Path folder;

    @BeforeAll
    static void open() throws EngineException, IOException {
        folder = ModelCache.defaultCache().resolve("tiny");
        engine = (LlamaCppEngine) EngineRegistry.open(LlamaCppEngine.FRAMEWORK, EngineOptions.builder()
                .setModel("tiny").optMaxBatchSize(4).optMaxSequenceTokens(PROMPT_TOKENS + NEW_TOKENS).build());
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static int[] ids(String text) throws IOException {
        try (HfTokenizer tokenizer = HfTokenizer.open(folder.resolve("tokenizer.json"))) {
            return tokenizer.encode(text);
        }
    }

    @Test
    void info_reportsOneBatchPerStepNoCacheReuseAndTheSettings() {
        assertThat(engine.info().framework()).isEqualTo("llama.cpp");
        assertThat(engine.info().frameworkVersion()).contains("b4916");
        assertThat(engine.info().precision()).isEqualTo("f32");
        assertThat(engine.info().batchHandling()).isEqualTo(BatchHandling.STATIC_BATCH);
        assertThat(engine.info().promptCacheReused()).isFalse();
        assertThat(engine.info().settings()).startsWith(LlamaCppSettings.DEFAULT.describe()).contains("n_ctx=").contains("n_batch=");
    }

    @Test
    void stepCost_theGgufsF32MatricesAndAnF16KvCache() throws IOException {
        // the same 1048576 parameters as djl-pytorch (docs/metrics.md), read from the GGUF at F32; KV at llama.cpp's F16
        StepCost expected = new StepCost(4_194_304, 2 * 4 * 64 * 2, 1_572_864, 524_288, 4 * 4 * 128);
        assertThat(engine.stepCost()).contains(expected);
        try (GgufFile gguf = GgufFile.open(GgufConverter.cached(folder, GgufPrecision.F16, ModelCache.defaultCache()))) {
            assertThat(LlamaCppEngine.stepCost(gguf, true)).isEqualTo(new StepCost(2_097_152, 2 * 4 * 64 * 4, 1_572_864, 524_288, 4 * 4 * 128));
        }
    }

    @Test
    void greedyTokenIds_matchDjlPytorchOnTheSameWeightsAndPromptIds_withNothingExcluded() throws EngineException, IOException {
        int[] prompt = ids(engine.promptOfTokens(PROMPT_TOKENS));
        int[] llama = engine.greedyTokenIds(prompt, NEW_TOKENS);
        try (DjlPytorchEngine djl = (DjlPytorchEngine) EngineRegistry.open(DjlPytorchEngine.FRAMEWORK,
                EngineOptions.builder().setModel("tiny").optMaxSequenceTokens(PROMPT_TOKENS + NEW_TOKENS).build())) {
            float[][] logits = djl.greedyLogits(prompt, NEW_TOKENS, new int[0]);
            int[] reference = new int[NEW_TOKENS];
            for (int t = 0; t < NEW_TOKENS; t++) {
                reference[t] = DjlPytorchEngine.argMax(logits[t], new int[0]);
            }
            // Without the q/k un-permutation llama.cpp computes a different model and the ids part at once; with a
            // wrong position or sequence id in the batch they part soon after.
            assertThat(llama).isEqualTo(reference);
        }
    }

    @Test
    void generate_promptsOfDifferentLengthsInOneBatch_giveEachSequenceItsOwnIds() throws EngineException, IOException {
        List<String> prompts = List.of(engine.promptOfTokens(PROMPT_TOKENS), engine.promptOfTokens(7), "The cat sat on the mat!");
        List<List<Integer>> batched = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        GenerationOutcome outcome = engine.generate(new GenerationRequest(prompts, NEW_TOKENS),
                (sequence, token, time) -> batched.get(sequence).add(token));

        for (int s = 0; s < prompts.size(); s++) {
            int[] alone = engine.greedyTokenIds(ids(prompts.get(s)), NEW_TOKENS);
            assertThat(batched.get(s)).as("sequence " + s).containsExactly(Arrays.stream(alone).boxed().toArray(Integer[]::new));
        }
        assertThat(outcome.promptTokenCounts()).containsExactly(PROMPT_TOKENS, 7, ids(prompts.get(2)).length);
    }

    @Test
    void generate_promptsLongerThanOneDecodeCall_arePrefilledInPiecesWithTheSameIds() throws EngineException, IOException {
        List<String> prompts = List.of(engine.promptOfTokens(PROMPT_TOKENS), engine.promptOfTokens(7), engine.promptOfTokens(12));
        long[] firstTokenTimes = new long[3];
        long[] now = {0};
        List<List<Integer>> pieces = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (HfTokenizer tokenizer = HfTokenizer.open(folder.resolve("tokenizer.json"));
             LlamaCppEngine small = LlamaCppEngine.open(GgufConverter.cached(folder, GgufPrecision.F32, ModelCache.defaultCache()),
                     "f32", tokenizer, 1, 3, PROMPT_TOKENS + NEW_TOKENS, LlamaCppSettings.DEFAULT, countingClock(now), 10)) {
            small.generate(new GenerationRequest(prompts, NEW_TOKENS), (sequence, token, time) -> {
                if (pieces.get(sequence).isEmpty()) {
                    firstTokenTimes[sequence] = time;
                }
                pieces.get(sequence).add(token);
            });
        }
        for (int s = 0; s < prompts.size(); s++) {
            int[] whole = engine.greedyTokenIds(ids(prompts.get(s)), NEW_TOKENS);
            assertThat(pieces.get(s)).as("sequence " + s).containsExactly(Arrays.stream(whole).boxed().toArray(Integer[]::new));
        }
        // 32 + 7 + 12 prompt tokens in calls of 10: sequence 0 ends in the 4th call, 1 in the 4th too, 2 in the 6th.
        assertThat(firstTokenTimes[0]).isEqualTo(firstTokenTimes[1]).isLessThan(firstTokenTimes[2]);
    }

    private static NanoClock countingClock(long[] now) {
        return new NanoClock() {
            @Override
            public long nanoTime() {
                return ++now[0];
            }

            @Override
            public void awaitNanoTime(long deadlineNanos) {
            }
        };
    }

    @Test
    void generate_readsTheClockOncePerStepAfterEverySequencesArgmax() throws EngineException {
        long[] now = {0};
        NanoClock counting = countingClock(now);
        try (LlamaCppEngine counted = (LlamaCppEngine) new LlamaCppProvider().open(EngineOptions.builder().setModel("tiny")
                .optMaxBatchSize(3).optMaxSequenceTokens(PROMPT_TOKENS + NEW_TOKENS).optClock(counting).build())) {
            long[][] times = new long[3][NEW_TOKENS];
            int[] counts = new int[3];
            GenerationOutcome outcome = counted.generate(new GenerationRequest(Collections.nCopies(3, counted.promptOfTokens(PROMPT_TOKENS)),
                    NEW_TOKENS), (sequence, token, time) -> times[sequence][counts[sequence]++] = time);

            long[] steps = new long[NEW_TOKENS];
            Arrays.setAll(steps, i -> i + 1);
            for (int s = 0; s < 3; s++) {
                assertThat(times[s]).as("sequence " + s).containsExactly(steps);
            }
            assertThat(outcome.enginePrefillNanos()).isPresent();
            assertThat(outcome.enginePrefillNanos().getAsLong()).isPositive();
            assertThat(outcome.engineInterTokenNanos()).isPresent();
            assertThat(outcome.engineInterTokenNanos().getAsLong()).isPositive();
        }
    }

    @Test
    void generate_twice_givesTheSameIdsFromAClearedCache() throws EngineException {
        String prompt = engine.promptOfTokens(PROMPT_TOKENS);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        engine.generate(new GenerationRequest(List.of(prompt), NEW_TOKENS), (s, token, t) -> first.add(token));
        engine.generate(new GenerationRequest(List.of(prompt), NEW_TOKENS), (s, token, t) -> second.add(token));
        assertThat(second).hasSize(NEW_TOKENS).isEqualTo(first);
    }

    @Test
    void generateTokenIds_idsOfTheText_sameIdsAsTheText_outOfVocabularyRefusedBeforeLlamaCpp() throws EngineException {
        String prompt = engine.promptOfTokens(PROMPT_TOKENS);
        int[] promptIds = engine.tokenize(prompt).orElseThrow();
        List<Integer> fromText = new ArrayList<>();
        List<Integer> fromIds = new ArrayList<>();
        engine.generate(new GenerationRequest(List.of(prompt), NEW_TOKENS), (s, token, t) -> fromText.add(token));
        GenerationOutcome outcome = engine.generate(new TokenIdRequest(List.of(promptIds), NEW_TOKENS), (s, token, t) -> fromIds.add(token));

        assertThat(promptIds).hasSize(PROMPT_TOKENS);
        assertThat(fromIds).hasSize(NEW_TOKENS).isEqualTo(fromText);
        assertThat(outcome.promptTokenCounts()).containsExactly(PROMPT_TOKENS);
        assertThatThrownBy(() -> engine.generate(new TokenIdRequest(List.of(new int[] {1, 2048}), 2), (s, t, n) -> { }))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("llama.cpp: prompt 0 token 1 is id 2048, outside the vocabulary; token ids must be from 0 to 2047");
    }

    @Test
    void llamaCppEncode_ownTokenizerAgreesWithTokenizerJsonOnBenchmarkPrompts() throws EngineException, IOException {
        for (int tokens : List.of(16, 32)) {
            int[] hf = ids(engine.promptOfTokens(tokens));
            assertThat(engine.llamaCppEncode(engine.promptOfTokens(tokens))).containsExactly(Arrays.copyOfRange(hf, 1, hf.length));
        }
        for (String sentence : List.of("Once upon a time, there was a little girl named Lily.", "The cat sat on the mat!",
                "She said: \"Why not?\" and laughed.")) {
            int[] hf = ids(sentence);
            assertThat(engine.llamaCppEncode(sentence)).as(sentence).containsExactly(Arrays.copyOfRange(hf, 1, hf.length));
        }
    }

    @Test
    void open_ggufLlamaCppRejects_failsWithLlamaCppsOwnReasonFromItsLog() throws IOException {
        Path good = GgufConverter.cached(folder, GgufPrecision.F32, ModelCache.defaultCache());
        byte[] bytes = Files.readAllBytes(good);
        byte[] key = "llama.block_count".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, key);
        assertThat(at).isPositive();
        bytes[at + key.length - 1] = 'X';
        Path broken = Files.write(folder.resolve("broken.gguf"), bytes);
        try (HfTokenizer tokenizer = HfTokenizer.open(folder.resolve("tokenizer.json"))) {
            assertThatThrownBy(() -> LlamaCppEngine.open(broken, "f32", tokenizer, 1, 1, 64, LlamaCppSettings.DEFAULT,
                    NanoClock.system()).close())
                    .isInstanceOf(EngineException.class)
                    .hasMessageStartingWith("llama.cpp: cannot load " + broken)
                    .hasMessageContaining("key not found in model: llama.block_count")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void generate_tooManyPrompts_isAnInvalidRequest() {
        assertThatThrownBy(() -> engine.generate(new GenerationRequest(Collections.nCopies(5, "a"), 2), (s, t, n) -> { }))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("opened for 4 sequences");
    }

    @Test
    void generate_promptLongerThanASequence_isAnInvalidRequest() {
        assertThatThrownBy(() -> engine.generate(new GenerationRequest(List.of(engine.promptOfTokens(PROMPT_TOKENS)), NEW_TOKENS + 1),
                (s, t, n) -> { })).isInstanceOf(InvalidRequestException.class).hasMessageContaining("positions of a sequence");
    }

    @Test
    void close_twice_isHarmless_andAClosedEngineRefusesRequests() throws EngineException {
        LlamaCppEngine other = (LlamaCppEngine) EngineRegistry.open(LlamaCppEngine.FRAMEWORK, EngineOptions.builder().setModel("tiny")
                .optMaxSequenceTokens(16).build());
        other.close();
        other.close();
        assertThatThrownBy(() -> other.generate(new GenerationRequest(List.of("a"), 2), (s, t, n) -> { }))
                .isInstanceOf(EngineException.class).hasMessageContaining("closed");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
