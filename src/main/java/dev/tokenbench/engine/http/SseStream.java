package dev.tokenbench.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenbench.measure.TokenListener;
import java.util.Map;

/**
 * One sequence's server-sent event stream, fed line by line as lines arrive: assembles events ({@code data:} lines up
 * to a blank line), reads each completion chunk, and hands its tokens to the listener with token-level times.
 *
 * <p>Tokens per event: the length of {@code token_ids} where the server sends it (tokenbench serve, vLLM with
 * {@code return_token_ids}); else the growth of {@code usage.completion_tokens} where every chunk carries a usage
 * (continuous usage stats); else 1 for a chunk with non-empty text, 0 for one without (a role-only chat chunk). The
 * source is named in {@link #countSource()}. An event carrying k > 1 tokens arriving at t after the previous token at
 * t0 gives its tokens the times t0 + j (t - t0) / k, j = 1..k (the gap spread evenly, the last at arrival), and
 * marks the stream chunked; the first event's extra tokens get its arrival time, since there is no earlier gap.
 */
final class SseStream {

    /** How the tokens of each event were counted. */
    enum CountSource { TOKEN_IDS, USAGE, EVENTS }

    /** A stream fault, as one sentence; the engine adds the URL. */
    static final class StreamFault extends Exception {
        private static final long serialVersionUID = 1L;

        StreamFault(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int sequenceIndex;
    private final int expectedTokens;
    private final TokenListener listener;
    private final Map<Integer, String> pieces;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean doneSeen;
    private int tokens;
    private long lastTokenNanos;
    private int usageCompletionTokens = -1;
    private int usagePromptTokens = -1;
    private int lastChunkUsage;
    private boolean chunked;
    private CountSource countSource;
    private String finishReason;

    /**
     * @param pieces where the text of each token id seen is remembered (for {@code decode}); shared, thread-safe
     */
    SseStream(int sequenceIndex, int expectedTokens, TokenListener listener, Map<Integer, String> pieces) {
        this.sequenceIndex = sequenceIndex;
        this.expectedTokens = expectedTokens;
        this.listener = listener;
        this.pieces = pieces;
    }

    /** One line of the body (without its line terminator), read at clock reading {@code arrivalNanos}. */
    void line(String line, long arrivalNanos) throws StreamFault {
        if (doneSeen) {
            return;
        }
        if (line.isEmpty()) {
            dispatch(arrivalNanos);
        } else if (line.startsWith("data:")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            hasData = true;
        } else if (!line.startsWith(":") && !line.startsWith("event:") && !line.startsWith("id:") && !line.startsWith("retry:")) {
            throw new StreamFault("malformed server-sent event line: '" + abbreviate(line) + "'");
        }
    }

    /** The body ended at {@code arrivalNanos}; checks that the stream was complete. */
    void end(long arrivalNanos) throws StreamFault {
        if (!doneSeen && hasData) {
            dispatch(arrivalNanos);
        }
        if (!doneSeen) {
            throw new StreamFault("the stream ended without 'data: [DONE]' after " + tokens + " of " + expectedTokens + " tokens");
        }
        if (usageCompletionTokens >= 0 && usageCompletionTokens != tokens) {
            throw new StreamFault("the server's usage says " + usageCompletionTokens + " completion tokens, its events carried " + tokens);
        }
        if (tokens < expectedTokens) {
            throw new StreamFault("fewer tokens than asked: " + tokens + " of " + expectedTokens + " (finish_reason " + finishReason
                    + "; the server must honour ignore_eos or min_tokens)");
        }
    }

    private void dispatch(long arrivalNanos) throws StreamFault {
        if (!hasData) {
            return;
        }
        String payload = data.toString();
        data.setLength(0);
        hasData = false;
        if (payload.strip().equals("[DONE]")) {
            doneSeen = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new StreamFault("malformed JSON in a server-sent event: '" + abbreviate(payload) + "'");
        }
        if (chunk == null || !chunk.isObject()) {
            throw new StreamFault("a server-sent event is not a JSON object: '" + abbreviate(payload) + "'");
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            JsonNode message = error.get("message");
            throw new StreamFault("the server sent an error event: " + abbreviate(message != null ? message.asText() : error.toString()));
        }
        JsonNode usage = chunk.get("usage");
        JsonNode choices = chunk.get("choices");
        JsonNode choice = choices != null && choices.isArray() && !choices.isEmpty() ? choices.get(0) : null;
        if (choice == null) {
            if (usage != null && usage.isObject()) {
                usageCompletionTokens = usage.path("completion_tokens").asInt(-1);
                usagePromptTokens = usage.path("prompt_tokens").asInt(-1);
            }
            return;
        }
        if (choice.hasNonNull("finish_reason")) {
            finishReason = choice.get("finish_reason").asText();
        }
        String text = choice.has("delta") ? choice.path("delta").path("content").asText("") : choice.path("text").asText("");
        JsonNode ids = choice.get("token_ids");
        int k;
        int[] tokenIds;
        if (ids != null && ids.isArray()) {
            countSource = CountSource.TOKEN_IDS;
            k = ids.size();
            tokenIds = new int[k];
            for (int i = 0; i < k; i++) {
                tokenIds[i] = ids.get(i).asInt(-1);
            }
            if (k == 1) {
                pieces.putIfAbsent(tokenIds[0], text);
            }
        } else if (usage != null && usage.hasNonNull("completion_tokens")) {
            countSource = CountSource.USAGE;
            int total = usage.get("completion_tokens").asInt();
            k = Math.max(0, total - lastChunkUsage);
            lastChunkUsage = total;
            tokenIds = unknownIds(k);
        } else {
            countSource = countSource == null ? CountSource.EVENTS : countSource;
            k = text.isEmpty() ? 0 : 1;
            tokenIds = unknownIds(k);
        }
        if (usage != null && usage.isObject() && usage.hasNonNull("prompt_tokens")) {
            usagePromptTokens = usage.get("prompt_tokens").asInt();
        }
        if (tokens + k > expectedTokens) {
            throw new StreamFault("more tokens than asked: " + (tokens + k) + " of " + expectedTokens);
        }
        if (k > 1) {
            chunked = true;
        }
        long previous = tokens == 0 ? arrivalNanos : lastTokenNanos;
        for (int j = 1; j <= k; j++) {
            long at = previous + (arrivalNanos - previous) * j / k;
            listener.onToken(sequenceIndex, tokenIds[j - 1], at);
        }
        if (k > 0) {
            tokens += k;
            lastTokenNanos = arrivalNanos;
        }
    }

    private static int[] unknownIds(int k) {
        int[] ids = new int[k];
        java.util.Arrays.fill(ids, -1);
        return ids;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    /** Tokens received so far. */
    int tokens() {
        return tokens;
    }

    /** Whether any event carried more than one token. */
    boolean chunked() {
        return chunked;
    }

    /** The prompt tokens the server reported, or -1. */
    int usagePromptTokens() {
        return usagePromptTokens;
    }

    /** How tokens were counted; null before the first chunk with a choice. */
    CountSource countSource() {
        return countSource;
    }
}
