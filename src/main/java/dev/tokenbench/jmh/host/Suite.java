package dev.tokenbench.jmh.host;

import dev.tokenbench.engine.FakeModels;
import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.engine.djl.DjlPytorchEngine;
import dev.tokenbench.engine.http.OpenAiProvider;
import dev.tokenbench.engine.jlama.JlamaProvider;
import dev.tokenbench.engine.llamacpp.LlamaCppEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default suite: what {@code java -jar target/benchmarks.jar} runs without a benchmark name.
 *
 * <p>Every entry is a {@code GenerationLatencyBenchmark} workload of prompt {@value #PROMPT_TOKENS} tokens and
 * {@value #NEW_TOKENS} new tokens: the zero-delay fake (the harness's own cost per token), the paced fake (a
 * known schedule the figures must reproduce), then each real engine on the default models: djl-pytorch, llama.cpp
 * and jlama on the same weights (F32), prompt ids and settings; last djl-pytorch on {@code tiny} behind tokenbench's
 * {@code serve} in the fork, reached over loopback HTTP by the {@code openai} client ({@code serve:djl-pytorch/tiny}),
 * whose difference from the in-process djl-pytorch row is the cost of serving over HTTP. Batch 1 only: {@code serve}
 * batches statically without a batching window, so B concurrent streams would reach the engine as 1 + (B - 1).
 */
public final class Suite {

    /** Prompt tokens of every default workload. */
    public static final int PROMPT_TOKENS = 128;
    /**
     * New tokens per sequence of every default workload: 32, so that the default run of 3 rounds takes about 3 minutes
     * on 2 cores (64 took 3 min 48 s, the two {@code small} batch-8 rows 38% of it); 31 decode steps per sequence still
     * give every figure, and the scaling with batch size and framework is the same at 32 as at 64.
     */
    public static final int NEW_TOKENS = 32;

    /** The default suite, in run order. A real engine joins with one line, e.g. {@code generation("djl-pytorch", ...)}. */
    public static final List<SuiteEntry> DEFAULT = List.of(
            generation(FakeEngine.FRAMEWORK, List.of(FakeModels.ZERO), List.of(1)),
            generation(FakeEngine.FRAMEWORK, List.of(FakeModels.PACED), List.of(1, 8)),
            generation(DjlPytorchEngine.FRAMEWORK, List.of("tiny", "small"), List.of(1, 8)),
            generation(LlamaCppEngine.FRAMEWORK, List.of("tiny", "small"), List.of(1, 8)),
            // jlama's forks run on a Java 21+ JVM; without one the runner leaves this entry out and says why. Batch 1
            // only: Jlama runs a batch's sequences one after another, so batch 8 costs 8x batch 1 and shows nothing new.
            generation(JlamaProvider.FRAMEWORK, List.of("tiny", "small"), List.of(1)),
            generation(OpenAiProvider.FRAMEWORK, List.of("serve:" + DjlPytorchEngine.FRAMEWORK + "/tiny"), List.of(1)));

    private Suite() {
    }

    /** A generation-latency entry: {@code framework} on each model and batch size, default prompt and new tokens. */
    public static SuiteEntry generation(String framework, List<String> models, List<Integer> batchSizes) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("framework", List.of(framework));
        params.put("model", models);
        params.put("batchSize", batchSizes.stream().map(String::valueOf).toList());
        params.put("promptTokens", List.of(Integer.toString(PROMPT_TOKENS)));
        params.put("newTokens", List.of(Integer.toString(NEW_TOKENS)));
        return new SuiteEntry("dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate", params);
    }
}
