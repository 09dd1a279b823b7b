package dev.tokenbench.engine.djl;

import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.model.tokenizer.TextTokenizer;
import java.util.List;

/**
 * A generation request checked against the engine's limits and turned into token ids: what the static batch runs.
 *
 * @param promptTokens      per sequence, its prompt's token ids (at least one)
 * @param newTokens         new tokens per sequence
 * @param longestPromptTokens the most prompt tokens of any sequence
 */
record EncodedRequest(int[][] promptTokens, int newTokens, int longestPromptTokens) {

    /**
     * Encodes the request's prompts with {@code tokenizer} and checks that the batch fits {@code maxBatch} and every
     * sequence (prompt plus new tokens) fits {@code maxContext} positions.
     *
     * @throws InvalidRequestException naming the prompt, the limit and the fix
     */
    static EncodedRequest of(GenerationRequest request, TextTokenizer tokenizer, int maxBatch, int maxContext)
            throws InvalidRequestException {
        List<String> prompts = request.prompts();
        checkBatch(prompts.size(), maxBatch);
        int[][] promptTokens = new int[prompts.size()][];
        for (int i = 0; i < promptTokens.length; i++) {
            promptTokens[i] = tokenizer.encode(prompts.get(i));
        }
        return checked(promptTokens, request.newTokens(), maxContext);
    }

    /**
     * Takes the request's token ids as given and checks them as {@link #of(GenerationRequest, TextTokenizer, int, int)}
     * does, and every id against the vocabulary.
     *
     * @throws InvalidRequestException naming the prompt, the limit and the fix
     */
    static EncodedRequest ofTokenIds(TokenIdRequest request, int vocabSize, int maxBatch, int maxContext) throws InvalidRequestException {
        checkBatch(request.batchSize(), maxBatch);
        request.checkIds(DjlPytorchEngine.FRAMEWORK, vocabSize);
        return checked(request.promptTokenIds().toArray(new int[0][]), request.newTokens(), maxContext);
    }

    private static void checkBatch(int batch, int maxBatch) throws InvalidRequestException {
        if (batch > maxBatch) {
            throw new InvalidRequestException(DjlPytorchEngine.FRAMEWORK + ": request has " + batch
                    + " prompts but the engine was opened for at most " + maxBatch + "; open it with optMaxBatch(" + batch
                    + ") or send fewer prompts");
        }
    }

    private static EncodedRequest checked(int[][] promptTokens, int newTokens, int maxContext) throws InvalidRequestException {
        int longest = 0;
        for (int i = 0; i < promptTokens.length; i++) {
            int count = promptTokens[i].length;
            if (count == 0) {
                throw new InvalidRequestException(DjlPytorchEngine.FRAMEWORK + ": prompt " + i
                        + " has 0 tokens; give it at least one token");
            }
            if ((long) count + newTokens > maxContext) {
                throw new InvalidRequestException(DjlPytorchEngine.FRAMEWORK + ": prompt " + i + " has " + count
                        + " tokens, plus " + newTokens + " new tokens that is " + ((long) count + newTokens)
                        + " positions, more than the context of " + maxContext + "; shorten the prompt to at most "
                        + Math.max(0, maxContext - newTokens)
                        + " tokens, ask for fewer new tokens, or open the engine with a larger optMaxContext");
            }
            longest = Math.max(longest, count);
        }
        return new EncodedRequest(promptTokens, newTokens, longest);
    }

    /** Number of sequences. */
    int batch() {
        return promptTokens.length;
    }

    /** Per sequence, its prompt's token count. */
    int[] promptTokenCounts() {
        int[] counts = new int[promptTokens.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = promptTokens[i].length;
        }
        return counts;
    }
}
