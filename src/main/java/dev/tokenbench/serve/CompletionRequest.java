package dev.tokenbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One validated request to {@code /v1/completions} or {@code /v1/chat/completions}.
 *
 * @param chat          whether it came to the chat endpoint (the answer's chunks are {@code chat.completion.chunk})
 * @param model         the model name asked for
 * @param promptTexts   the prompts as text (one for a chat, one or more for a completion), or null when given as token ids
 * @param promptTokenIds the prompts as token ids, or null when given as text: each prompt is one sequence of the
 *                      request, answered as the choice of its index
 * @param maxTokens     new tokens to generate, exactly (the engines ignore end-of-sequence)
 * @param stream        whether to answer with server-sent events
 * @param includeUsage  whether a final chunk carries the usage ({@code stream_options.include_usage})
 */
record CompletionRequest(boolean chat, String model, List<String> promptTexts, List<int[]> promptTokenIds, int maxTokens, boolean stream,
                         boolean includeUsage) {

    /** The forms of {@code prompt} OpenAI's completions API takes, for messages. */
    static final String PROMPT_FORMS = "a string, an array of strings, an array of token ids, or an array of arrays of token ids";

    /** Number of prompts (sequences, choices) of the request. */
    int prompts() {
        return promptTexts != null ? promptTexts.size() : promptTokenIds.size();
    }

    /** OpenAI's default {@code max_tokens} for completions. */
    static final int DEFAULT_MAX_TOKENS = 16;

    /** Fields accepted and ignored: they change nothing for greedy generation of exactly max_tokens tokens. */
    private static final Set<String> IGNORED = Set.of("user", "seed", "top_p", "top_k", "n", "presence_penalty", "frequency_penalty",
            "stop", "logit_bias", "echo", "best_of", "suffix", "logprobs", "skip_special_tokens");

    /**
     * Validates a parsed body.
     *
     * @param maxTokensLimit the largest {@code max_tokens} the server accepts
     * @throws ApiError 400 naming the bad field
     */
    static CompletionRequest parse(JsonNode body, boolean chat, int maxTokensLimit) throws ApiError {
        if (body == null || !body.isObject()) {
            throw bad("the request body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known(name, chat) && !IGNORED.contains(name)) {
                throw bad("unknown field '" + name + "'");
            }
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual()) {
            throw bad("'model' must be a string naming the served model (see GET /v1/models)");
        }
        List<String> promptTexts = null;
        List<int[]> promptIds = null;
        if (chat) {
            promptTexts = List.of(chatPrompt(body.get("messages")));
        } else {
            JsonNode prompt = body.get("prompt");
            if (prompt == null) {
                throw bad("'prompt' is required: " + PROMPT_FORMS);
            }
            if (prompt.isTextual()) {
                promptTexts = List.of(prompt.asText());
            } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isTextual()) {
                promptTexts = new ArrayList<>();
                for (int i = 0; i < prompt.size(); i++) {
                    if (!prompt.get(i).isTextual()) {
                        throw bad("'prompt' mixes strings and other values; prompt[" + i + "] was " + prompt.get(i) + "; " + PROMPT_FORMS);
                    }
                    promptTexts.add(prompt.get(i).asText());
                }
            } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isArray()) {
                promptIds = new ArrayList<>();
                for (int i = 0; i < prompt.size(); i++) {
                    if (!prompt.get(i).isArray()) {
                        throw bad("'prompt' mixes arrays of token ids and other values; prompt[" + i + "] was " + prompt.get(i) + "; " + PROMPT_FORMS);
                    }
                    promptIds.add(tokenIds(prompt.get(i), "prompt[" + i + "]"));
                }
            } else if (prompt.isArray()) {
                promptIds = List.of(tokenIds(prompt, "prompt"));
            } else {
                throw bad("'prompt' must be " + PROMPT_FORMS);
            }
            if (promptTexts != null && promptTexts.stream().anyMatch(String::isEmpty) || promptIds != null && promptIds.stream().anyMatch(ids -> ids.length == 0)) {
                throw bad("'prompt' must not be empty");
            }
        }
        int maxTokens = DEFAULT_MAX_TOKENS;
        JsonNode max = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.isIntegralNumber() || max.asLong() < 1 || max.asLong() > maxTokensLimit) {
                throw bad("'max_tokens' must be an integer from 1 to " + maxTokensLimit + ", was " + max);
            }
            maxTokens = max.asInt();
        }
        JsonNode minTokens = body.get("min_tokens");
        if (minTokens != null && !minTokens.isNull()
                && (!minTokens.isIntegralNumber() || minTokens.asLong() < 0 || minTokens.asLong() > maxTokens)) {
            throw bad("'min_tokens' must be an integer from 0 to max_tokens (" + maxTokens + "), was " + minTokens);
        }
        JsonNode ignoreEos = body.get("ignore_eos");
        if (ignoreEos != null && !ignoreEos.isNull() && !ignoreEos.isBoolean()) {
            throw bad("'ignore_eos' must be true or false, was " + ignoreEos);
        }
        JsonNode temperature = body.get("temperature");
        if (temperature != null && !temperature.isNull() && (!temperature.isNumber() || temperature.asDouble() != 0.0)) {
            throw bad("'temperature' must be 0: this server generates greedily only, was " + temperature);
        }
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && (!n.isIntegralNumber() || n.asInt() != 1)) {
            throw bad("'n' must be 1, was " + n);
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw bad("'stream' must be true or false, was " + stream);
        }
        boolean includeUsage = false;
        JsonNode streamOptions = body.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!streamOptions.isObject()) {
                throw bad("'stream_options' must be an object");
            }
            JsonNode usage = streamOptions.get("include_usage");
            if (usage != null && !usage.isNull() && !usage.isBoolean()) {
                throw bad("'stream_options.include_usage' must be true or false, was " + usage);
            }
            includeUsage = usage != null && usage.asBoolean();
        }
        return new CompletionRequest(chat, model.asText(), promptTexts, promptIds, maxTokens, stream != null && stream.asBoolean(), includeUsage);
    }

    private static boolean known(String field, boolean chat) {
        return switch (field) {
            case "model", "max_tokens", "max_completion_tokens", "min_tokens", "ignore_eos", "temperature", "stream", "stream_options" -> true;
            case "messages" -> chat;
            case "prompt" -> !chat;
            default -> false;
        };
    }

    /**
     * The one prompt of a chat: each message as {@code role: content} on its own line, in order, then
     * {@code assistant:} on the last line. The generated models have no chat template, so the join is plain text and
     * documented rather than a template.
     */
    static String chatPrompt(JsonNode messages) throws ApiError {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw bad("'messages' must be a non-empty array of {\"role\", \"content\"} objects");
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            JsonNode role = message.get("role");
            JsonNode content = message.get("content");
            if (!message.isObject() || role == null || !role.isTextual() || content == null || !content.isTextual()) {
                throw bad("messages[" + i + "] must be an object with string 'role' and 'content'");
            }
            lines.add(role.asText() + ": " + content.asText());
        }
        lines.add("assistant:");
        return String.join("\n", lines);
    }

    private static int[] tokenIds(JsonNode array, String name) throws ApiError {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || id.asLong() < 0 || id.asLong() > Integer.MAX_VALUE) {
                throw bad("'prompt' token ids must be non-negative integers; " + name + "[" + i + "] was " + id);
            }
            ids[i] = id.asInt();
        }
        return ids;
    }

    private static ApiError bad(String message) {
        return new ApiError(400, message);
    }
}
