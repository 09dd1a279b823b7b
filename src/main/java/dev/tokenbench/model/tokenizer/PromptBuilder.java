package dev.tokenbench.model.tokenizer;

import java.util.function.Function;

/**
 * Builds deterministic English-like prompt text whose encoding (special tokens included) has exactly a requested
 * number of tokens, for any tokenizer whose token count grows with the text.
 *
 * <p>The text is the embedded tokenizer corpus, word by word, repeated as often as needed. The longest word prefix
 * that fits is found by binary search; the last few tokens are filled with short words ("a", "the") or punctuation,
 * each checked by encoding, so the result is exact whatever the tokenizer merges.
 */
final class PromptBuilder {

    private static final String[] FILLERS = {" a", " the", ".", ",", " I", "!", " and"};

    private final Function<String, int[]> encoder;
    private final String[] words;

    PromptBuilder(Function<String, int[]> encoder) {
        this.encoder = encoder;
        this.words = BpeVocabulary.corpus().substring(1).split(BpeVocabulary.SPACE);
    }

    /**
     * Text whose encoding has exactly {@code promptTokens} ids.
     *
     * @throws IllegalArgumentException if {@code promptTokens} is below the token count of the empty text (1 with a BOS)
     * @throws IllegalStateException    if this tokenizer cannot be brought to exactly that count
     */
    String build(int promptTokens) {
        int emptyTokens = count("");
        if (promptTokens < Math.max(1, emptyTokens)) {
            throw new IllegalArgumentException("prompt of " + promptTokens + " tokens requested; the smallest is "
                    + Math.max(1, emptyTokens));
        }
        int fitting = 0;
        int tooMany = 1;
        while (count(words(tooMany)) <= promptTokens) {
            fitting = tooMany;
            tooMany *= 2;
        }
        while (tooMany - fitting > 1) {
            int middle = (fitting + tooMany) >>> 1;
            if (count(words(middle)) <= promptTokens) {
                fitting = middle;
            } else {
                tooMany = middle;
            }
        }
        StringBuilder text = new StringBuilder(words(fitting));
        int tokens = count(text.toString());
        while (tokens < promptTokens) {
            int before = tokens;
            for (String filler : FILLERS) {
                String candidate = text.length() == 0 ? filler.strip() : text + filler;
                int candidateTokens = count(candidate);
                if (candidateTokens > tokens && candidateTokens <= promptTokens) {
                    text.setLength(0);
                    text.append(candidate);
                    tokens = candidateTokens;
                    break;
                }
            }
            if (tokens == before) {
                throw new IllegalStateException("cannot build a prompt of exactly " + promptTokens
                        + " tokens with this tokenizer: stuck at " + tokens);
            }
        }
        return text.toString();
    }

    private int count(String text) {
        return encoder.apply(text).length;
    }

    /** The first {@code n} corpus words (repeating the corpus), joined by single spaces. */
    private String words(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(words[i % words.length]);
        }
        return text.toString();
    }
}
