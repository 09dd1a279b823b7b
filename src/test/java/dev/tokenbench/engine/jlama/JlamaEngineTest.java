package dev.tokenbench.engine.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenbench.engine.BatchHandling;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.engine.djl.DjlPytorchEngine;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.StepCost;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.TemporaryModelCache;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The jlama engine on the tiny preset at F32, checked by exact greedy token ids against djl-pytorch on the same weights
 * and prompt ids. Runs on a JVM that can run Jlama (the build's {@code jlama-test} execution on the JDK 21+); elsewhere
 * JUnit reports it skipped with the reason, and {@code .ci/run} fails if the jlama-test execution skipped it.
 */
@ExtendWith(TemporaryModelCache.class)
class JlamaEngineTest {

    private static final int PROMPT_TOKENS = 32;
    private static final int NEW_TOKENS = 24;
    private static final long TICK = 1000;

    static long now;
    static Engine engine;

    @BeforeAll
    static void open() throws EngineException {
        assumeTrue(JlamaRuntime.problemOfThisJvm().isEmpty(), () -> JlamaRuntime.problemOfThisJvm().orElse(""));
        NanoClock clock = new NanoClock() {
            @Override
            public long nanoTime() {
                now += TICK;
                return now;
            }

            @Override
            public void awaitNanoTime(long deadlineNanos) {
            }
        };
        engine = EngineRegistry.open(JlamaProvider.FRAMEWORK, EngineOptions.builder().setModel("tiny").optMaxBatchSize(3)
                .optMaxSequenceTokens(PROMPT_TOKENS + NEW_TOKENS).optClock(clock).build());
    }

    @AfterAll
    static void close() throws EngineException {
        if (engine != null) {
            engine.close();
        }
    }

    private static int[] ids(String text) throws IOException {
        try (HfTokenizer tokenizer = HfTokenizer.open(ModelCache.defaultCache().resolve("tiny").resolve("tokenizer.json"))) {
            return tokenizer.encode(text);
        }
    }

    /** The ids of one prompt served alone (this test is compiled for Java 17, so it sees the engine as an {@link Engine}). */
    private static int[] alone(String prompt) throws EngineException {
        List<Integer> ids = new ArrayList<>();
        engine.generate(new GenerationRequest(List.of(prompt), NEW_TOKENS), (sequence, token, time) -> ids.add(token));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void info_sequentialBatchesAtF32OnThisJava() {
        assertThat(engine.info().framework()).isEqualTo("jlama");
        assertThat(engine.info().frameworkVersion()).isEqualTo("jlama-core 0.8.4 on Java " + Runtime.version());
        assertThat(engine.info().precision()).isEqualTo("f32");
        assertThat(engine.info().threads()).isEqualTo(1);
        assertThat(engine.info().batchHandling()).isEqualTo(BatchHandling.SEQUENTIAL);
        assertThat(engine.info().promptCacheReused()).isFalse();
        assertThat(engine.info().settings()).startsWith("working_dtype=F32 kernels=Panama-Vector-Operations vector_bits=");
        // Jlama's own switch that skips its optional native library (and the warning that it is missing)
        assertThat(System.getProperty("jlama.force_panama_tensor_operations")).isEqualTo("true");
    }

    @Test
    void generate_computesOnAWorkerOfJlamasPoolOfThreadsWorkers_neverOnTheCallerOrTheCommonPool() throws EngineException {
        List<Thread> threads = new ArrayList<>();
        engine.generate(new GenerationRequest(List.of(engine.promptOfTokens(PROMPT_TOKENS)), 3),
                (sequence, token, time) -> threads.add(Thread.currentThread()));
        assertThat(threads).hasSize(3).allSatisfy(thread -> {
            assertThat(thread).isNotSameAs(Thread.currentThread()).isInstanceOf(ForkJoinWorkerThread.class);
            ForkJoinPool pool = ((ForkJoinWorkerThread) thread).getPool();
            assertThat(pool).isNotSameAs(ForkJoinPool.commonPool());
            assertThat(pool.getParallelism()).isEqualTo(engine.info().threads());
        });
    }

    @Test
    void otherPrecisions_quantizeTheLayersAtLoad_headAndKvCacheStayF32_sameLengthDeterministicIds() throws EngineException {
        // docs/metrics.md: tiny's layers hold 786432 parameters, its head 262144 (4 bytes each at every precision)
        long layers = 786_432;
        long headBytes = 262_144L * 4;
        String prompt = engine.promptOfTokens(PROMPT_TOKENS);
        for (String precision : List.of("bf16", "jlama-q4")) {
            try (Engine other = EngineRegistry.open(JlamaProvider.FRAMEWORK, EngineOptions.builder().setModel("tiny").optPrecision(precision)
                    .optMaxSequenceTokens(PROMPT_TOKENS + NEW_TOKENS).build())) {
                assertThat(other.info().precision()).isEqualTo(precision);
                long weightBytes = precision.equals("bf16") ? layers * 2 + headBytes : layers * 20 / 32 + headBytes;
                assertThat(other.stepCost()).contains(new StepCost(weightBytes, 2 * 4 * 64 * 4, 1_572_864, 524_288, 4 * 4 * 128));
                List<Integer> first = new ArrayList<>();
                List<Integer> second = new ArrayList<>();
                other.generate(new GenerationRequest(List.of(prompt), NEW_TOKENS), (sequence, token, time) -> first.add(token));
                other.generate(new GenerationRequest(List.of(prompt), NEW_TOKENS), (sequence, token, time) -> second.add(token));
                assertThat(first).as(precision).hasSize(NEW_TOKENS).isEqualTo(second);
            }
        }
    }

    @Test
    void stepCost_theSameF32MatricesAndF32KvCacheAsDjlPytorch() {
        // docs/metrics.md's worked example: 1048576 parameters at 4 bytes, K = 2 x 4 layers x 64 x 4 bytes
        assertThat(engine.stepCost()).contains(new StepCost(4_194_304, 2 * 4 * 64 * 4, 1_572_864, 524_288, 4 * 4 * 128));
    }

    @Test
    void greedyTokenIds_matchDjlPytorchOnTheSameWeightsAndPromptIds() throws EngineException, IOException {
        int[] prompt = ids(engine.promptOfTokens(PROMPT_TOKENS));
        int[] jlama = alone(engine.promptOfTokens(PROMPT_TOKENS));
        try (DjlPytorchEngine djl = (DjlPytorchEngine) EngineRegistry.open(DjlPytorchEngine.FRAMEWORK,
                EngineOptions.builder().setModel("tiny").optMaxSequenceTokens(PROMPT_TOKENS + NEW_TOKENS).build())) {
            float[][] logits = djl.greedyLogits(prompt, NEW_TOKENS, new int[0]);
            int[] reference = new int[NEW_TOKENS];
            for (int t = 0; t < NEW_TOKENS; t++) {
                reference[t] = DjlPytorchEngine.argMax(logits[t], new int[0]);
            }
            assertThat(jlama).isEqualTo(reference);
        }
    }

    @Test
    void generate_runsTheSequencesOneAfterAnother_exactlyNTokensEach_withTheIdsOfEachAlone() throws EngineException, IOException {
        List<String> prompts = List.of(engine.promptOfTokens(PROMPT_TOKENS), engine.promptOfTokens(7), "The cat sat on the mat!");
        List<Integer> order = new ArrayList<>();
        List<List<Integer>> tokens = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Long>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        GenerationOutcome outcome = engine.generate(new GenerationRequest(prompts, NEW_TOKENS), (sequence, token, time) -> {
            order.add(sequence);
            tokens.get(sequence).add(token);
            times.get(sequence).add(time);
        });

        List<Integer> sequential = new ArrayList<>();
        for (int s = 0; s < prompts.size(); s++) {
            sequential.addAll(Collections.nCopies(NEW_TOKENS, s));
            int[] alone = alone(prompts.get(s));
            assertThat(tokens.get(s)).as("sequence " + s).containsExactly(Arrays.stream(alone).boxed().toArray(Integer[]::new));
            // one clock reading per token, right after its argmax: consecutive ticks within a sequence
            assertThat(times.get(s).get(NEW_TOKENS - 1) - times.get(s).get(0)).isEqualTo((NEW_TOKENS - 1) * TICK);
        }
        assertThat(order).isEqualTo(sequential);
        assertThat(times.get(1).get(0)).isEqualTo(times.get(0).get(NEW_TOKENS - 1) + TICK);
        assertThat(outcome.promptTokenCounts()).containsExactly(PROMPT_TOKENS, 7, ids(prompts.get(2)).length);
        assertThat(outcome.enginePrefillNanos()).isEmpty();
        assertThat(outcome.engineInterTokenNanos()).isEmpty();
    }

    @Test
    void generate_tooLongOrTooManyPrompts_isOneLineSayingWhatToChange() {
        assertThatThrownBy(() -> engine.generate(new GenerationRequest(List.of(engine.promptOfTokens(PROMPT_TOKENS)), NEW_TOKENS + 1),
                (s, t, time) -> { }))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("jlama: prompt 0 has 32 tokens, plus 25 new tokens that is more than the 56 positions of a sequence; shorten"
                        + " the prompt, ask for fewer new tokens, or open the engine with a larger maxSequenceTokens");
        assertThatThrownBy(() -> engine.generate(new GenerationRequest(Collections.nCopies(4, "hi"), 2), (s, t, time) -> { }))
                .hasMessage("jlama: request has 4 prompts but the engine was opened for 3 sequences; open it with a larger maxBatchSize"
                        + " or send fewer prompts");
    }

    @Test
    void open_anotherThreadCountInTheSameJvm_isRefusedSinceJlamasPoolIsProcessWide() {
        assertThatThrownBy(() -> EngineRegistry.open(JlamaProvider.FRAMEWORK, EngineOptions.builder().setModel("tiny").optThreads(2).build()))
                .isInstanceOf(EngineException.class)
                .hasMessage("jlama: its compute pool already runs 1 threads in this JVM and cannot change; open every jlama engine of a JVM"
                        + " with the same threads, or use a new JVM (JMH forks do)");
    }
}
