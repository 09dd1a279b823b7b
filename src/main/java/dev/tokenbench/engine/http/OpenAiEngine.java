package dev.tokenbench.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.engine.BatchHandling;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.TokenListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of an OpenAI-compatible streaming server: a request of B prompts is B concurrent streamed completions
 * ({@code stream: true}, {@code stream_options.include_usage}, {@code max_tokens} = {@code min_tokens} = N,
 * {@code ignore_eos}, {@code temperature} 0). Each body line is timestamped as it arrives and fed to the sequence's
 * {@link SseStream} on the calling thread, so the listener is called from one thread.
 *
 * <p>TTFT runs from the request's start to the first event carrying a token. Every fault (connection refused, an HTTP
 * error with its body, malformed or truncated events, a stream ending early, fewer tokens than asked, no data for
 * the read timeout) fails the whole request with an {@link EngineException} naming the URL and what happened.
 */
final class OpenAiEngine implements Engine {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Most characters of an error body kept in a message. */
    private static final int ERROR_BODY_CHARS = 300;

    private final OpenAiTarget target;
    private final OpenAiSettings settings;
    private final NanoClock clock;
    private final HttpClient client;
    private final EngineInfo info;
    private final Map<Integer, String> pieces = new ConcurrentHashMap<>();
    /** Prompts this engine built ({@link #promptOfTokens}): their ids where the server tokenized them, their token count. */
    private final Map<String, KnownPrompt> knownPrompts = new ConcurrentHashMap<>();
    private final OpenAiProvider.ServedEngine owned;

    /**
     * @param owned what this engine owns and closes after itself (an in-process server and its engine), or null
     */
    OpenAiEngine(OpenAiTarget target, OpenAiSettings settings, NanoClock clock, String precision, int threads, OpenAiProvider.ServedEngine owned)
            throws EngineException {
        this.owned = owned;
        this.target = target;
        this.settings = settings;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
        String ownedBy = checkModelServed();
        this.info = new EngineInfo(OpenAiProvider.FRAMEWORK, ownedBy, precision, threads, "remote", BatchHandling.PARALLEL_SLOTS, false,
                settings.describe() + " url=" + target.baseUrl() + (owned == null ? ""
                        : " served_in_process=" + owned.engine().info().framework() + " " + owned.engine().info().frameworkVersion()));
    }

    /** Asks {@code GET /models} and checks that the model is served; returns its {@code owned_by} as the server's name. */
    private String checkModelServed() throws EngineException {
        URI uri = target.endpoint("models");
        String body = getText(uri);
        try {
            JsonNode data = JSON.readTree(body).path("data");
            List<String> names = new ArrayList<>();
            for (JsonNode model : data) {
                names.add(model.path("id").asText());
                if (model.path("id").asText().equals(target.modelName())) {
                    return model.path("owned_by").asText("unknown");
                }
            }
            throw new EngineException(uri + ": the server does not serve model '" + target.modelName() + "'; it serves " + names);
        } catch (JsonProcessingException e) {
            throw new EngineException(uri + ": the answer is not JSON: " + abbreviate(body));
        }
    }

    private String getText(URI uri) throws EngineException {
        HttpRequest request = authorized(HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).GET()).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // no cause attached: the message says it all, and an I/O cause would make the CLI call a down server bad input (exit 2)
            throw new EngineException(uri + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(uri + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new EngineException(uri + ": HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return response.body();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        String key = System.getenv(OpenAiSettings.API_KEY_VARIABLE);
        if (key != null && !key.isBlank()) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /** What one stream's HTTP machinery reports to the calling thread. */
    private record Item(int sequence, Kind kind, String line, int status, Throwable error, long arrivalNanos) {
    }

    private enum Kind { STATUS, LINE, END, ERROR }

    /**
     * A prompt built by {@link #promptOfTokens}: its ids as the server's {@code /tokenize} gave them (null when it gave
     * none), and the number of tokens the server must count for it.
     */
    private record KnownPrompt(int[] ids, int tokens) {
    }

    /**
     * Sends each prompt as token ids when {@link #promptOfTokens} got its ids from the server ({@code prompt=auto} or
     * {@code ids}, completions endpoint), else as text. A prompt whose token count is known (built here) must be
     * counted so by the server's {@code usage.prompt_tokens}, or the request fails.
     */
    @Override
    public GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
        List<JsonNode> prompts = new ArrayList<>();
        int[] expected = new int[request.batchSize()];
        for (int s = 0; s < expected.length; s++) {
            String text = request.prompts().get(s);
            KnownPrompt known = knownPrompts.get(text);
            if (known != null && known.ids() != null && !settings.chat()) {
                prompts.add(idsNode(known.ids()));
            } else {
                prompts.add(JSON.getNodeFactory().textNode(text));
            }
            expected[s] = known == null ? -1 : known.tokens();
        }
        return stream(prompts, expected, request.newTokens(), listener);
    }

    /** Sends the ids as the prompts ({@code prompt: [ids]}); the server must count exactly as many prompt tokens. */
    @Override
    public GenerationOutcome generate(TokenIdRequest request, TokenListener listener) throws EngineException {
        if (settings.chat()) {
            throw new InvalidRequestException(OpenAiProvider.FRAMEWORK + ": endpoint=chat sends messages as text; token ids need endpoint=completions");
        }
        List<JsonNode> prompts = new ArrayList<>();
        List<int[]> ids = request.promptTokenIds();
        int[] expected = new int[ids.size()];
        for (int s = 0; s < expected.length; s++) {
            prompts.add(idsNode(ids.get(s)));
            expected[s] = ids.get(s).length;
        }
        return stream(prompts, expected, request.newTokens(), listener);
    }

    private static JsonNode idsNode(int[] ids) {
        ArrayNode array = JSON.createArrayNode();
        for (int id : ids) {
            array.add(id);
        }
        return array;
    }

    /**
     * One request: a stream per prompt (text or an array of ids, as sent), each checked against its expected prompt
     * token count (-1: unknown).
     */
    private GenerationOutcome stream(List<JsonNode> prompts, int[] expectedPromptTokens, int newTokens, TokenListener listener)
            throws EngineException {
        int batch = prompts.size();
        URI uri = target.endpoint(settings.chat() ? "chat/completions" : "completions");
        BlockingQueue<Item> items = new LinkedBlockingQueue<>();
        List<Flow.Subscription> subscriptions = new ArrayList<>();
        List<CompletableFuture<HttpResponse<Void>>> futures = new ArrayList<>();
        SseStream[] streams = new SseStream[batch];
        int[] status = new int[batch];
        StringBuilder[] errorBodies = new StringBuilder[batch];
        boolean[] ended = new boolean[batch];
        for (int s = 0; s < batch; s++) {
            streams[s] = new SseStream(s, newTokens, listener, pieces);
            int sequence = s;
            HttpRequest httpRequest = authorized(HttpRequest.newBuilder(uri).timeout(settings.readTimeout())
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(body(prompts.get(s), newTokens), StandardCharsets.UTF_8)))
                    .build();
            CompletableFuture<HttpResponse<Void>> future = client.sendAsync(httpRequest, responseInfo -> {
                items.add(new Item(sequence, Kind.STATUS, null, responseInfo.statusCode(), null, clock.nanoTime()));
                return HttpResponse.BodySubscribers.fromLineSubscriber(new LineSink(sequence, items, subscriptions));
            });
            future.whenComplete((response, error) -> {
                if (error != null) {
                    items.add(new Item(sequence, Kind.ERROR, null, 0, error, clock.nanoTime()));
                }
            });
            futures.add(future);
        }
        boolean allEnded = false;
        try {
            int open = batch;
            while (open > 0) {
                Item item = items.poll(settings.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
                if (item == null) {
                    int stalled = firstOpen(ended);
                    throw new EngineException(uri + ": no data for " + settings.readTimeout().toMillis() + " ms (read timeout) after "
                            + streams[stalled].tokens() + " of " + newTokens + " tokens of sequence " + stalled);
                }
                int s = item.sequence();
                if (ended[s]) {
                    continue;
                }
                try {
                    switch (item.kind()) {
                        case STATUS -> status[s] = item.status();
                        case LINE -> {
                            if (status[s] == 200) {
                                streams[s].line(item.line(), item.arrivalNanos());
                            } else {
                                if (errorBodies[s] == null) {
                                    errorBodies[s] = new StringBuilder();
                                }
                                if (errorBodies[s].length() < ERROR_BODY_CHARS) {
                                    errorBodies[s].append(errorBodies[s].length() == 0 ? "" : " ").append(item.line());
                                }
                            }
                        }
                        case END -> {
                            if (status[s] != 200) {
                                throw new EngineException(uri + ": HTTP " + status[s] + ": "
                                        + abbreviate(errorBodies[s] == null ? "(empty body)" : errorBodies[s].toString()));
                            }
                            streams[s].end(item.arrivalNanos());
                            ended[s] = true;
                            open--;
                        }
                        case ERROR -> throw new EngineException(uri + ": " + describe(item.error()) + " after " + streams[s].tokens() + " of "
                                + newTokens + " tokens");
                    }
                } catch (SseStream.StreamFault fault) {
                    throw new EngineException(uri + ": " + fault.getMessage() + " (sequence " + s + ")");
                }
            }
            allEnded = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(uri + ": interrupted while streaming", e);
        } finally {
            if (!allEnded) {
                // a failed request: stop the other streams; a finished stream's connection stays open for the next request
                synchronized (subscriptions) {
                    subscriptions.forEach(Flow.Subscription::cancel);
                }
                futures.forEach(future -> future.cancel(true));
            }
        }
        int[] promptTokens = new int[batch];
        boolean chunked = false;
        for (int s = 0; s < batch; s++) {
            int counted = streams[s].usagePromptTokens();
            if (counted >= 0 && expectedPromptTokens[s] >= 0 && counted != expectedPromptTokens[s]) {
                throw new EngineException(uri + ": the server counted " + counted + " prompt tokens for sequence " + s + ", but its prompt has "
                        + expectedPromptTokens[s] + " (sent as " + (prompts.get(s).isArray() ? "token ids" : "text")
                        + "); the server tokenizes differently from its /tokenize or /tokenbench/prompt answer");
            }
            promptTokens[s] = counted >= 0 ? counted : Math.max(0, expectedPromptTokens[s]);
            chunked |= streams[s].chunked();
        }
        return new GenerationOutcome(promptTokens, OptionalLong.empty(), OptionalLong.empty(), chunked);
    }

    private static int firstOpen(boolean[] ended) {
        for (int s = 0; s < ended.length; s++) {
            if (!ended[s]) {
                return s;
            }
        }
        return 0;
    }

    /** The request body: exactly N greedy tokens, end-of-sequence ignored, usage requested. */
    private String body(JsonNode prompt, int newTokens) {
        ObjectNode body = JSON.createObjectNode().put("model", target.modelName());
        if (settings.chat()) {
            body.putArray("messages").addObject().put("role", "user").put("content", prompt.asText());
        } else {
            body.set("prompt", prompt);
        }
        body.put("max_tokens", newTokens).put("min_tokens", newTokens).put("ignore_eos", true).put("temperature", 0).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return body.toString();
    }

    /** Feeds body lines to the calling thread's queue, each with its arrival time. */
    private final class LineSink implements Flow.Subscriber<String> {
        private final int sequence;
        private final BlockingQueue<Item> items;
        private final List<Flow.Subscription> subscriptions;

        LineSink(int sequence, BlockingQueue<Item> items, List<Flow.Subscription> subscriptions) {
            this.sequence = sequence;
            this.items = items;
            this.subscriptions = subscriptions;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            synchronized (subscriptions) {
                subscriptions.add(subscription);
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            items.add(new Item(sequence, Kind.LINE, line, 0, null, clock.nanoTime()));
        }

        @Override
        public void onError(Throwable error) {
            items.add(new Item(sequence, Kind.ERROR, null, 0, error, clock.nanoTime()));
        }

        @Override
        public void onComplete() {
            items.add(new Item(sequence, Kind.END, null, 0, null, clock.nanoTime()));
        }
    }

    /** One line for a connection failure: refused, timed out, reset. */
    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectException) {
            return "connection refused or unreachable (is the server running?)";
        }
        if (cause instanceof java.net.http.HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no response headers within the read timeout";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + abbreviate(message));
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ').strip();
        return oneLine.length() <= ERROR_BODY_CHARS ? oneLine : oneLine.substring(0, ERROR_BODY_CHARS) + "...";
    }

    /**
     * Text of P tokens from the server's {@code GET /tokenbench/prompt?tokens=P} (tokenbench serve). Other servers
     * have no such endpoint: then P - 1 common English words, which most tokenizers count as about P tokens with the
     * BOS. Unless {@code prompt=text} (or the chat endpoint), the text's ids are then asked from the server's
     * {@code POST /tokenize} (vLLM's and tokenbench serve's; llama.cpp's server reads {@code content}), so that
     * {@code generate} sends the ids; where no ids come back, it sends the text. A prompt whose token count is known
     * (from either answer) must be counted so by the server's {@code usage.prompt_tokens}.
     *
     * @throws IllegalArgumentException if {@code promptTokens} is not positive, or {@code prompt=ids} and the server
     *                                  gave no ids
     */
    @Override
    public String promptOfTokens(int promptTokens) {
        if (promptTokens < 1) {
            throw new IllegalArgumentException("promptTokens must be >= 1, was " + promptTokens);
        }
        String text = null;
        int tokens = -1;
        try {
            JsonNode answer = JSON.readTree(getText(target.root("/tokenbench/prompt?tokens=" + promptTokens)));
            if (answer.path("prompt").isTextual()) {
                text = answer.get("prompt").asText();
                tokens = promptTokens;
            }
        } catch (EngineException | JsonProcessingException e) {
            // not a tokenbench server: fall back to words
        }
        if (text == null) {
            text = String.join(" ", java.util.Collections.nCopies(promptTokens - 1, "the"));
        }
        if (settings.promptFormat() != OpenAiSettings.PromptFormat.TEXT && !settings.chat()) {
            int[] ids = tokenizeOnServer(text);
            if (ids != null) {
                knownPrompts.put(text, new KnownPrompt(ids, ids.length));
                return text;
            }
            if (settings.promptFormat() == OpenAiSettings.PromptFormat.IDS) {
                throw new IllegalArgumentException(target.root("/tokenize") + ": prompt=ids, but the server gave no token ids for the prompt;"
                        + " use prompt=auto or prompt=text in -D" + OpenAiSettings.PROPERTY);
            }
        }
        if (tokens >= 0) {
            knownPrompts.put(text, new KnownPrompt(null, tokens));
        }
        return text;
    }

    /** The server's ids of {@code text} from {@code POST /tokenize}, or null when it has no such endpoint or answers otherwise. */
    private int[] tokenizeOnServer(String text) {
        URI uri = target.root("/tokenize");
        ObjectNode body = JSON.createObjectNode().put("model", target.modelName()).put("prompt", text);
        HttpRequest request = authorized(HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode tokens = JSON.readTree(response.body()).path("tokens");
            if (!tokens.isArray() || tokens.isEmpty()) {
                return null;
            }
            int[] ids = new int[tokens.size()];
            for (int i = 0; i < ids.length; i++) {
                if (!tokens.get(i).isIntegralNumber()) {
                    return null;
                }
                ids[i] = tokens.get(i).asInt();
            }
            return ids;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The text the server streamed for these ids (ids never seen, or counted without ids, as {@code <id>}). */
    @Override
    public String decode(int[] tokenIds) {
        StringBuilder text = new StringBuilder();
        for (int id : tokenIds) {
            String piece = pieces.get(id);
            text.append(piece != null ? piece : "<" + id + ">");
        }
        return text.toString();
    }

    @Override
    public void close() throws EngineException {
        pieces.clear();
        if (owned != null) {
            owned.close();
        }
    }
}
