package dev.tokenbench.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One request whose prompts are token ids rather than text: a batch of id sequences, and exactly how many new tokens
 * to generate for each (greedy, EOS ignored). The ids are the model's own, special tokens included as given: the engine
 * neither adds a BOS nor tokenizes anything, so a prompt of P ids is a prompt of exactly P tokens.
 *
 * @param promptTokenIds the prompts' token ids, one array per sequence; the batch size is their count
 * @param newTokens      new tokens per sequence, at least 1
 */
public record TokenIdRequest(List<int[]> promptTokenIds, int newTokens) {

    public TokenIdRequest {
        if (promptTokenIds == null || promptTokenIds.isEmpty()) {
            throw new IllegalArgumentException("promptTokenIds must hold at least 1 prompt, was " + (promptTokenIds == null ? "null" : "empty"));
        }
        List<int[]> copies = new ArrayList<>(promptTokenIds.size());
        for (int i = 0; i < promptTokenIds.size(); i++) {
            int[] ids = promptTokenIds.get(i);
            if (ids == null) {
                throw new IllegalArgumentException("promptTokenIds[" + i + "] is null; every prompt must be an array of token ids");
            }
            copies.add(ids.clone());
        }
        if (newTokens < 1) {
            throw new IllegalArgumentException("newTokens must be >= 1, was " + newTokens);
        }
        promptTokenIds = Collections.unmodifiableList(copies);
    }

    /** The prompts' token ids (copies: the request cannot be changed through them). */
    @Override
    public List<int[]> promptTokenIds() {
        List<int[]> copies = new ArrayList<>(promptTokenIds.size());
        for (int[] ids : promptTokenIds) {
            copies.add(ids.clone());
        }
        return copies;
    }

    /** Number of sequences in the request. */
    public int batchSize() {
        return promptTokenIds.size();
    }

    /**
     * Checks every id against a vocabulary of {@code vocabSize} ids and that no prompt is empty.
     *
     * @param framework named in the message
     * @throws InvalidRequestException naming the prompt, the position and the valid range
     */
    public void checkIds(String framework, int vocabSize) throws InvalidRequestException {
        for (int s = 0; s < promptTokenIds.size(); s++) {
            int[] ids = promptTokenIds.get(s);
            if (ids.length == 0) {
                throw new InvalidRequestException(framework + ": prompt " + s + " has 0 tokens; give it at least one token");
            }
            for (int p = 0; p < ids.length; p++) {
                if (ids[p] < 0 || ids[p] >= vocabSize) {
                    throw new InvalidRequestException(framework + ": prompt " + s + " token " + p + " is id " + ids[p]
                            + ", outside the vocabulary; token ids must be from 0 to " + (vocabSize - 1));
                }
            }
        }
    }
}
