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
import dev.tokenbench.engine.djl.DjlPytorchEngine;
import dev.tokenbench.model.gguf.GgufConverter;
import dev.tokenbench.model.gguf.GgufPrecision;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.TemporaryModelCache;
import dev.tokenbench.measure.NanoClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The llama.cpp engine on the tiny preset at F32, loaded once for the class (java-llama.cpp never frees a model),
 * checked against djl-pytorch on the same weights and prompt ids.
 */
@ExtendWith(TemporaryModelCache.class)
class LlamaCppEngineTest {

    private static final int PROMPT_TOKENS = 32;
    private static final int NEW_TOKENS = 24;

    static LlamaCppEngine engine;
    static Path folder;
    static Path broken;
    static Throwable loadFailure;

    /**
     * Loads a broken GGUF (its load failure is checked below), then the good one, so the class needs two native
     * loads only.
     */
    @BeforeAll
    static void open() throws EngineException, IOException {
        folder = ModelCache.defaultCache().resolve("tiny");
        Path good = GgufConverter.cached(folder, GgufPrecision.F32, ModelCache.defaultCache());
        byte[] bytes = Files.readAllBytes(good);
        byte[] key = "llama.block_count".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, key);
        assertThat(at).isPositive();
        bytes[at + key.length - 1] = 'X';
        broken = Files.write(folder.resolve("broken.gguf"), bytes);
        try (HfTokenizer tokenizer = HfTokenizer.open(folder.resolve("tokenizer.json"))) {
            LlamaCppEngine.open(broken, "f32", tokenizer, 1, 1, 64, NanoClock.system()).close();
        } catch (EngineException e) {
            loadFailure = e;
        }
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
    void info_reportsParallelSlotsAndNoPromptCache() {
        assertThat(engine.info().framework()).isEqualTo("llama.cpp");
        assertThat(engine.info().precision()).isEqualTo("f32");
        assertThat(engine.info().batchHandling()).isEqualTo(BatchHandling.PARALLEL_SLOTS);
        assertThat(engine.info().promptCacheReused()).isFalse();
    }

    @Test
    void generate_batchOfThree_streamsExactlyNTokenIdsPerSequenceWithRisingTimestamps() throws EngineException {
        String prompt = engine.promptOfTokens(PROMPT_TOKENS);
        Map<Integer, List<long[]>> tokens = new ConcurrentHashMap<>();
        GenerationOutcome outcome = engine.generate(new GenerationRequest(Collections.nCopies(3, prompt), NEW_TOKENS),
                (sequence, token, time) -> tokens.computeIfAbsent(sequence, s -> new CopyOnWriteArrayList<>()).add(new long[] {token, time}));

        assertThat(tokens).containsOnlyKeys(0, 1, 2);
        for (List<long[]> sequence : tokens.values()) {
            assertThat(sequence).hasSize(NEW_TOKENS);
            for (int i = 1; i < sequence.size(); i++) {
                assertThat(sequence.get(i)[1]).isGreaterThanOrEqualTo(sequence.get(i - 1)[1]);
            }
        }
        // Three slots, same prompt, greedy: the same ids in each.
        assertThat(tokens.get(1).stream().map(t -> t[0]).toList()).isEqualTo(tokens.get(0).stream().map(t -> t[0]).toList());
        assertThat(tokens.get(2).stream().map(t -> t[0]).toList()).isEqualTo(tokens.get(0).stream().map(t -> t[0]).toList());
        assertThat(outcome.promptTokenCounts()).containsExactly(PROMPT_TOKENS, PROMPT_TOKENS, PROMPT_TOKENS);
        assertThat(outcome.enginePrefillNanos()).isPresent();
        assertThat(outcome.engineInterTokenNanos()).isPresent();
        assertThat(outcome.enginePrefillNanos().getAsLong()).isPositive();
    }

    @Test
    void generate_twice_givesTheSameIdsWithoutPromptCache() throws EngineException {
        String prompt = engine.promptOfTokens(PROMPT_TOKENS);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        engine.generate(new GenerationRequest(List.of(prompt), NEW_TOKENS), (s, token, t) -> first.add(token));
        engine.generate(new GenerationRequest(List.of(prompt), NEW_TOKENS), (s, token, t) -> second.add(token));
        assertThat(second).hasSize(NEW_TOKENS).isEqualTo(first);
        assertThat(first).doesNotContainAnyElementsOf(engine.bannedTokenIds());
    }

    @Test
    void greedyTokenIds_matchDjlPytorchOnTheSameWeightsAndPromptIds() throws EngineException, IOException {
        int[] prompt = ids(engine.promptOfTokens(PROMPT_TOKENS));
        int[] llama = engine.greedyTokenIds(prompt, NEW_TOKENS);
        int[] banned = engine.bannedTokenIds().stream().mapToInt(Integer::intValue).toArray();
        try (DjlPytorchEngine djl = (DjlPytorchEngine) EngineRegistry.open(DjlPytorchEngine.FRAMEWORK,
                EngineOptions.builder().setModel("tiny").optMaxSequenceTokens(PROMPT_TOKENS + NEW_TOKENS).build())) {
            float[][] logits = djl.greedyLogits(prompt, NEW_TOKENS, banned);
            int[] reference = new int[NEW_TOKENS];
            for (int t = 0; t < NEW_TOKENS; t++) {
                reference[t] = DjlPytorchEngine.argMax(logits[t], banned);
            }
            // Without the q/k un-permutation llama.cpp computes a different model and the ids part at once.
            assertThat(llama).isEqualTo(reference);
        }
    }

    @Test
    void generate_promptIdsReachLlamaCppUnchanged_andItsOwnTokenizerAgreesOnBenchmarkPrompts() throws EngineException, IOException {
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
    void open_ggufLlamaCppRejects_failsWithLlamaCppsOwnReasonFromItsLog() {
        assertThat(loadFailure).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("llama.cpp: cannot load " + broken)
                .hasMessageContaining("key not found in model: llama.block_count")
                .hasMessageNotContaining("\n");
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

    @Test
    void generate_tooManyPrompts_isAnInvalidRequest() {
        assertThatThrownBy(() -> engine.generate(new GenerationRequest(Collections.nCopies(5, "a"), 2), (s, t, n) -> { }))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("4 parallel slots");
    }
}
