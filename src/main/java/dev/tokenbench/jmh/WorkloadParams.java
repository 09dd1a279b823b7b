package dev.tokenbench.jmh;

import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.measure.NanoClock;
import java.util.List;
import java.util.Objects;

/**
 * The {@code @Param} values of one benchmark configuration: which engine serves which model, and the request
 * shape (batch B, prompt of P tokens, exactly N new tokens).
 *
 * @param framework    framework name as the engine registry knows it, e.g. {@code fake}, {@code djl-pytorch}
 * @param model        model preset or path; for {@code fake} a schedule (see {@link dev.tokenbench.engine.FakeModels})
 * @param batchSize    prompts per request (B)
 * @param promptTokens tokens per prompt (P)
 * @param newTokens    new tokens per prompt (N)
 * @param threads      compute threads given to the engine (not JMH threads: one request is served at a time)
 * @param precision    weight precision, e.g. {@code f32}
 */
public record WorkloadParams(String framework, String model, int batchSize, int promptTokens, int newTokens, int threads,
                             String precision) {

    /** The {@code @Param} names every tokenbench benchmark declares, in this order. */
    public static final List<String> NAMES = List.of(
            "framework", "model", "batchSize", "promptTokens", "newTokens", "threads", "precision");

    public WorkloadParams {
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(precision, "precision");
    }

    /** Options to open the engine with, sized for this request shape. */
    public EngineOptions engineOptions(NanoClock clock) {
        return EngineOptions.builder()
                .setModel(model)
                .optPrecision(precision)
                .optThreads(threads)
                .optMaxBatchSize(batchSize)
                .optMaxSequenceTokens(promptTokens + newTokens)
                .optClock(clock)
                .build();
    }
}
