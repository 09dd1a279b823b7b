package dev.tokenbench.engine;

import java.util.List;

/**
 * One request: a batch of prompts, and exactly how many new tokens to generate for each (greedy, EOS ignored).
 *
 * @param prompts   the prompt texts, one per sequence; the batch size is their count
 * @param newTokens new tokens per sequence, at least 1
 */
public record GenerationRequest(List<String> prompts, int newTokens) {

    public GenerationRequest {
        if (prompts == null || prompts.isEmpty()) {
            throw new IllegalArgumentException("prompts must hold at least 1 prompt, was " + (prompts == null ? "null" : "empty"));
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i) == null) {
                throw new IllegalArgumentException("prompts[" + i + "] is null; every prompt must be a string");
            }
        }
        if (newTokens < 1) {
            throw new IllegalArgumentException("newTokens must be >= 1, was " + newTokens);
        }
        prompts = List.copyOf(prompts);
    }

    /** Number of sequences in the request. */
    public int batchSize() {
        return prompts.size();
    }
}
