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
     * Serves one request whose prompts are token ids, as {@link #generate(GenerationRequest, TokenListener)} does but
     * without tokenizing: the ids go to the model as given (no BOS added), so a prompt of P ids is P prompt tokens.
     * Refused by default, for an engine that can only take text.
     *
     * @throws InvalidRequestException when the engine takes no token ids, or an id is outside its vocabulary
     * @throws EngineException         as {@link #generate(GenerationRequest, TokenListener)}
     */
    default GenerationOutcome generate(TokenIdRequest request, TokenListener listener) throws EngineException {
        throw new InvalidRequestException(info().framework() + ": prompts as token ids are not supported by this engine; send text");
    }

    /**
     * Text whose tokenization by this engine's tokenizer has exactly {@code promptTokens} tokens (special
     * tokens the tokenizer adds included), so that workloads can be stated in tokens.
     *
     * @throws IllegalArgumentException if {@code promptTokens} is not positive or exceeds the context
     */
    String promptOfTokens(int promptTokens);

    /**
     * The token ids this engine's tokenizer gives {@code text} (special tokens it adds included): what
     * {@link #generate(GenerationRequest, TokenListener)} would feed the model. Empty for an engine without a
     * tokenizer of its own (a remote server).
     */
    default Optional<int[]> tokenize(String text) {
        return Optional.empty();
    }

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
