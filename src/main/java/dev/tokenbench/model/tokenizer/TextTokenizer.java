package dev.tokenbench.model.tokenizer;

/**
 * Turns prompt text into the token ids a model consumes, and ids back into text.
 */
public interface TextTokenizer extends AutoCloseable {

    /** Token ids of {@code text}, with the special tokens the model expects (a leading BOS for LLaMA). */
    int[] encode(String text);

    /** Text of {@code tokenIds}; special tokens are skipped. */
    String decode(int[] tokenIds);

    /**
     * Deterministic English-like text whose {@link #encode} has exactly {@code promptTokens} ids.
     *
     * @throws IllegalArgumentException if {@code promptTokens} is below 1
     */
    String promptOfTokens(int promptTokens);

    @Override
    void close();
}
