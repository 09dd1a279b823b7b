package dev.tokenbench.run;

import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.measure.MemoryPeaks;
import dev.tokenbench.measure.Statistics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One request served and measured, with what it generated: for {@code generate}, where a person wants to see the
 * text as well as the figures. Times in nanoseconds, memory in bytes.
 *
 * @param engine                  what the engine ran
 * @param model                   the model it served
 * @param prompts                 the prompts, one per sequence
 * @param promptTokenCounts       prompt tokens per sequence, as the engine tokenized them
 * @param tokenIds                new token ids per sequence
 * @param texts                   the new tokens' text per sequence
 * @param timeToFirstTokenNanos   TTFT over sequences
 * @param interTokenLatencyNanos  ITL over the pooled gaps; absent for one new token
 * @param timePerOutputTokenNanos TPOT over sequences; absent for one new token
 * @param endToEndNanos           E2E over sequences
 * @param outputTokensPerSecond   new tokens over the request's wall time
 * @param prefillTokensPerSecond  prompt tokens over the time until every sequence had its first token
 * @param decodeTokensPerSecond   tokens after the first over the decode wall time
 * @param memory                  peaks over the request (tensor bytes read at its end)
 */
public record GenerationReport(
        EngineInfo engine,
        String model,
        List<String> prompts,
        List<Integer> promptTokenCounts,
        List<List<Integer>> tokenIds,
        List<String> texts,
        Optional<Statistics> timeToFirstTokenNanos,
        Optional<Statistics> interTokenLatencyNanos,
        Optional<Statistics> timePerOutputTokenNanos,
        Statistics endToEndNanos,
        OptionalDouble outputTokensPerSecond,
        OptionalDouble prefillTokensPerSecond,
        OptionalDouble decodeTokensPerSecond,
        MemoryPeaks memory) {

    public GenerationReport {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(model, "model");
        prompts = List.copyOf(prompts);
        promptTokenCounts = List.copyOf(promptTokenCounts);
        tokenIds = tokenIds.stream().map(List::copyOf).toList();
        texts = List.copyOf(texts);
    }
}
