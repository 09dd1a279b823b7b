package dev.tokenbench.engine;

import dev.tokenbench.measure.TokenListener;
import dev.tokenbench.measure.StepCost;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One inference framework serving one model: opened once per trial, asked for many requests, closed once.
 *
 * <p>A request is a batch of prompts; the engine generates exactly {@link GenerationRequest#newTokens()} new
 * tokens for every prompt (greedy, end-of-sequence ignored) and hands each one to the listener as soon as the
 * caller could use it, with the engine's clock reading at that moment.
 */
public interface Engine extends AutoCloseable {

    /** What this engine actually runs: framework and version, precision, threads, batch handling, caching. */
    EngineInfo info();

    /**
     * Serves one request. Returns after the last token of every sequence has been handed to {@code listener}.
     *
     * @throws EngineException when the engine cannot serve the request (prompt longer than the context, native
     *                         failure); the message says what and how to fix it
     */
    GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException;

    /**
     * Text whose tokenization by this engine's tokenizer has exactly {@code promptTokens} tokens (special
     * tokens the tokenizer adds included), so that workloads can be stated in tokens.
     *
     * @throws IllegalArgumentException if {@code promptTokens} is not positive or exceeds the context
     */
    String promptOfTokens(int promptTokens);

    /** Text of new token ids as this engine's tokenizer decodes them (special tokens skipped). */
    String decode(int[] tokenIds);

    /**
     * Bytes held by the engine's live native tensors right now (weights, caches, temporaries), where the
     * framework lets them be counted; absent otherwise.
     */
    default OptionalLong tensorBytes() {
        return OptionalLong.empty();
    }

    /**
     * What one forward step of this engine reads and computes (weight bytes per decode step at the precision it
     * runs, KV-cache bytes per context position, FLOP per token), for the roofline figures; empty when the engine
     * cannot know (the fake engine, a remote server).
     */
    default Optional<StepCost> stepCost() {
        return Optional.empty();
    }

    /** Releases the model and every native resource; the engine cannot be used afterwards. */
    @Override
    void close() throws EngineException;
}
