package dev.tokenbench.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.measure.NanoClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An engine behind an OpenAI-compatible HTTP API: {@code GET /health}, {@code GET /v1/models},
 * {@code POST /v1/completions} (a prompt as text or token ids, or a list of them: one choice each) and
 * {@code POST /v1/chat/completions} (streamed as server-sent events of exactly one token each, with the token's id in
 * {@code token_ids} and the choice's index, or answered whole), {@code GET /tokenbench/prompt?tokens=P} (text the
 * engine's tokenizer turns into exactly P tokens, so that clients can state prompts in tokens) and
 * {@code POST /tokenize} (vLLM's: the ids of a text, so that clients can send prompts as ids).
 *
 * <p>The JDK's {@link HttpServer}: no new dependency, enough for a loopback benchmark server, and a fixed pool of
 * platform threads (Java 17 has no virtual threads) sized so that every running and waiting request holds one thread
 * and a few more answer health checks and refusals. Requests are batched by {@link StaticBatcher}. Bad input gets a
 * JSON error ({@code {"error": {"message", "type", "code"}}}): 400 malformed, 404 unknown model or path, 405 wrong
 * method, 413 body over 1 MiB, 429 queue full; an engine failure before the first token is 400 (request it cannot
 * serve) or 500, after it an {@code error} event and no {@code [DONE]}.
 */
public final class OpenAiServer implements AutoCloseable {

    static {
        // Each event is one small write; without TCP_NODELAY, Nagle's algorithm would hold it until the client's
        // delayed ACK and add tens of milliseconds to inter-token latency. Read once, when the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * The default batching window: prompts arriving within 10 ms of the oldest waiting one join its batch. Long enough
     * for a client's B concurrent streams, sent one after another, to reach the engine as one batch of B on a busy
     * machine; short beside a generation's time, and a full batch never waits for it.
     */
    public static final long DEFAULT_BATCH_WINDOW_MILLIS = 10;

    /** Largest request body accepted. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final String modelName;
    private final int maxTokensLimit;
    private final HttpServer server;
    private final ExecutorService threads;
    private final StaticBatcher batcher;
    private final AtomicLong requestIds = new AtomicLong();
    private final long createdSeconds = System.currentTimeMillis() / 1000;

    private OpenAiServer(Engine engine, String modelName, String host, int port, int maxBatch, int maxQueue, int maxTokensLimit,
                         long batchWindowNanos) throws IOException {
        this.engine = engine;
        this.modelName = modelName;
        this.maxTokensLimit = maxTokensLimit;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        AtomicInteger threadNumber = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(maxBatch + maxQueue + 4, task -> {
            Thread thread = new Thread(task, "tokenbench-serve-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.batcher = new StaticBatcher(engine, maxBatch, maxQueue, batchWindowNanos, NanoClock.system());
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts serving {@code engine} (which the caller keeps owning and closes after this server).
     *
     * @param modelName      the name clients put in {@code model}
     * @param host           address to bind, e.g. {@code 127.0.0.1}
     * @param port           port to bind, 0 for any free port ({@link #port()} tells which)
     * @param maxBatch       most requests served together, the engine's batch limit
     * @param maxQueue       most requests waiting; one more is refused with 429
     * @param maxTokensLimit largest {@code max_tokens} accepted
     * @param batchWindowNanos longest time the oldest waiting prompt waits for others to fill its batch; 0 for none
     */
    public static OpenAiServer start(Engine engine, String modelName, String host, int port, int maxBatch, int maxQueue, int maxTokensLimit,
                                     long batchWindowNanos) throws IOException {
        if (maxBatch < 1 || maxQueue < 0 || maxTokensLimit < 1 || batchWindowNanos < 0) {
            throw new IllegalArgumentException("maxBatch must be >= 1, maxQueue >= 0, maxTokensLimit >= 1 and batchWindowNanos >= 0, were "
                    + maxBatch + ", " + maxQueue + ", " + maxTokensLimit + ", " + batchWindowNanos);
        }
        return new OpenAiServer(engine, modelName, host, port, maxBatch, maxQueue, maxTokensLimit, batchWindowNanos);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests admitted and waiting for the engine (not the running batch). */
    public int waitingRequests() {
        return batcher.waiting();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8000/v1}. */
    public String baseUrl() {
        String host = server.getAddress().getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/v1";
    }

    private void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (ApiError e) {
            sendError(exchange, e.status(), e.type(), e.getMessage());
        } catch (IOException e) {
            // the client went away; nothing to answer
        } catch (RuntimeException e) {
            sendError(exchange, 500, "server_error", "internal error: " + e);
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws ApiError, IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/health", "/v1/health" -> {
                requireMethod(method, "GET");
                sendJson(exchange, 200, JSON.createObjectNode().put("status", "ok"));
            }
            case "/v1/models" -> {
                requireMethod(method, "GET");
                ObjectNode body = JSON.createObjectNode().put("object", "list");
                body.putArray("data").addObject().put("id", modelName).put("object", "model").put("created", createdSeconds)
                        .put("owned_by", "tokenbench");
                sendJson(exchange, 200, body);
            }
            case "/tokenbench/prompt" -> {
                requireMethod(method, "GET");
                int tokens = promptTokensParameter(exchange.getRequestURI());
                String prompt;
                try {
                    prompt = engine.promptOfTokens(tokens);
                } catch (IllegalArgumentException e) {
                    throw new ApiError(400, e.getMessage());
                }
                sendJson(exchange, 200, JSON.createObjectNode().put("prompt", prompt).put("prompt_tokens", tokens));
            }
            case "/tokenize" -> {
                requireMethod(method, "POST");
                sendJson(exchange, 200, tokenize(readJson(exchange)));
            }
            case "/v1/completions", "/v1/chat/completions" -> {
                requireMethod(method, "POST");
                complete(exchange, CompletionRequest.parse(readJson(exchange), path.endsWith("chat/completions"), maxTokensLimit));
            }
            default -> throw new ApiError(404, "no such path: " + path + " (try /v1/completions, /v1/chat/completions, /v1/models, /health, /tokenize)");
        }
    }

    /**
     * {@code POST /tokenize} as vLLM answers it: {@code {"model", "prompt"}} (llama.cpp's server's {@code content} too)
     * to {@code {"tokens": [ids], "count": n}}, the ids the engine feeds the model for that text, special tokens included.
     */
    private JsonNode tokenize(JsonNode body) throws ApiError {
        if (body == null || !body.isObject()) {
            throw new ApiError(400, "the request body must be a JSON object with 'prompt' (or 'content'): the text to tokenize");
        }
        for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!List.of("model", "prompt", "content", "add_special_tokens", "add_special").contains(name)) {
                throw new ApiError(400, "unknown field '" + name + "'; /tokenize takes model, prompt (or content) and add_special_tokens");
            }
        }
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && !model.asText().equals(modelName)) {
            throw new ApiError(404, "model '" + model.asText() + "' is not served here; this server serves '" + modelName + "'");
        }
        for (String flag : List.of("add_special_tokens", "add_special")) {
            JsonNode value = body.get(flag);
            if (value != null && !value.isNull() && !(value.isBoolean() && value.asBoolean())) {
                throw new ApiError(400, "'" + flag + "' must be true or absent: this server tokenizes as its engine does, special tokens included");
            }
        }
        JsonNode text = body.has("prompt") ? body.get("prompt") : body.get("content");
        if (text == null || !text.isTextual()) {
            throw new ApiError(400, "'prompt' (or 'content') must be a string: the text to tokenize");
        }
        int[] ids = engine.tokenize(text.asText())
                .orElseThrow(() -> new ApiError(404, "the served engine " + engine.info().framework() + " has no tokenizer of its own"));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode tokens = answer.putArray("tokens");
        for (int id : ids) {
            tokens.add(id);
        }
        return answer.put("count", ids.length);
    }

    private static int promptTokensParameter(URI uri) throws ApiError {
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("tokens=")) {
                try {
                    return Integer.parseInt(pair.substring("tokens=".length()));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new ApiError(400, "query parameter 'tokens' must be a positive integer, e.g. /tokenbench/prompt?tokens=128");
    }

    private static void requireMethod(String method, String expected) throws ApiError {
        if (!method.equals(expected)) {
            throw new ApiError(405, "method " + method + " not allowed here; use " + expected);
        }
    }

    private static JsonNode readJson(HttpExchange exchange) throws ApiError, IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "request body over " + MAX_BODY_BYTES + " bytes");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private void complete(HttpExchange exchange, CompletionRequest request) throws ApiError, IOException {
        if (!request.model().equals(modelName)) {
            throw new ApiError(404, "model '" + request.model() + "' is not served here; this server serves '" + modelName + "'");
        }
        BlockingQueue<StaticBatcher.Event> events = batcher.submit(request.promptTexts(), request.promptTokenIds(), request.maxTokens());
        String id = (request.chat() ? "chatcmpl-" : "cmpl-") + requestIds.incrementAndGet();
        int choices = request.prompts();
        List<List<Integer>> tokenIds = new ArrayList<>();
        List<StringBuilder> texts = new ArrayList<>();
        for (int c = 0; c < choices; c++) {
            tokenIds.add(new ArrayList<>());
            texts.add(new StringBuilder());
        }
        int promptTokens = 0;
        int done = 0;
        OutputStream out = null;
        while (done < choices) {
            StaticBatcher.Event event;
            try {
                event = events.poll(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(503, "the server is stopping");
            }
            if (event == null) {
                throw new ApiError(500, "the engine produced nothing for 10 minutes");
            }
            if (event instanceof StaticBatcher.Token token) {
                List<Integer> ids = tokenIds.get(token.choice());
                ids.add(token.tokenId());
                String piece = engine.decode(new int[] {token.tokenId()});
                if (request.stream()) {
                    if (out == null) {
                        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
                        exchange.sendResponseHeaders(200, 0);
                        out = exchange.getResponseBody();
                    }
                    ObjectNode chunk = chunk(id, request);
                    ObjectNode choice = chunk.putArray("choices").addObject().put("index", token.choice());
                    if (request.chat()) {
                        ObjectNode delta = choice.putObject("delta");
                        if (ids.size() == 1) {
                            delta.put("role", "assistant");
                        }
                        delta.put("content", piece);
                    } else {
                        choice.put("text", piece);
                    }
                    choice.putArray("token_ids").add(token.tokenId());
                    choice.putNull("logprobs");
                    if (ids.size() == request.maxTokens()) {
                        choice.put("finish_reason", "length");
                    } else {
                        choice.putNull("finish_reason");
                    }
                    sendEvent(out, JSON.writeValueAsString(chunk));
                } else {
                    texts.get(token.choice()).append(piece);
                }
            } else if (event instanceof StaticBatcher.Done finished) {
                promptTokens += finished.promptTokens();
                done++;
            } else if (event instanceof StaticBatcher.Failed failed) {
                if (out == null) {
                    throw new ApiError(failed.status(), failed.message());
                }
                sendEvent(out, JSON.writeValueAsString(errorBody(failed.status(), failed.status() == 400 ? "invalid_request_error" : "server_error",
                        failed.message())));
                out.close();
                return;
            }
        }
        int completionTokens = tokenIds.stream().mapToInt(List::size).sum();
        ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        if (request.stream()) {
            if (request.includeUsage()) {
                ObjectNode chunk = chunk(id, request);
                chunk.putArray("choices");
                chunk.set("usage", usage);
                sendEvent(out, JSON.writeValueAsString(chunk));
            }
            sendEvent(out, "[DONE]");
            out.close();
        } else {
            ObjectNode body = JSON.createObjectNode().put("id", id).put("object", request.chat() ? "chat.completion" : "text_completion")
                    .put("created", System.currentTimeMillis() / 1000).put("model", modelName);
            ArrayNode choiceArray = body.putArray("choices");
            for (int c = 0; c < choices; c++) {
                ObjectNode choice = choiceArray.addObject().put("index", c);
                if (request.chat()) {
                    choice.putObject("message").put("role", "assistant").put("content", texts.get(c).toString());
                } else {
                    choice.put("text", texts.get(c).toString());
                }
                ArrayNode ids = choice.putArray("token_ids");
                tokenIds.get(c).forEach(ids::add);
                choice.put("finish_reason", "length");
            }
            body.set("usage", usage);
            sendJson(exchange, 200, body);
        }
    }

    private ObjectNode chunk(String id, CompletionRequest request) {
        return JSON.createObjectNode().put("id", id).put("object", request.chat() ? "chat.completion.chunk" : "text_completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", modelName);
    }

    private static void sendEvent(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode errorBody(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).put("code", status);
        return body;
    }

    private static void sendError(HttpExchange exchange, int status, String type, String message) {
        try {
            sendJson(exchange, status, errorBody(status, type, message));
        } catch (IOException | RuntimeException ignored) {
            // headers already sent or the client went away
        }
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting connections, fails waiting requests, and waits for the running batch to end. */
    @Override
    public void close() {
        server.stop(0);
        batcher.close();
        threads.shutdownNow();
    }
}
