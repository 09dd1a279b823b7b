package dev.tokenbench.engine.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback test server on port 0 that lists model {@code m} at {@code /v1/models} and answers
 * {@code /v1/completions} as a test tells it to, on purpose wrongly; closing it interrupts handlers still running.
 */
final class MisbehavingServer implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** What the completions endpoint does. */
    @FunctionalInterface
    interface Completions {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "misbehaving-server");
        thread.setDaemon(true);
        return thread;
    });

    MisbehavingServer(Completions completions) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(threads);
        server.createContext("/v1/models", exchange -> {
            try (exchange) {
                send(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\",\"owned_by\":\"test\"}]}");
            }
        });
        server.createContext("/v1/completions", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                completions.answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // the client gave up, as some tests make it
            }
        });
        server.start();
    }

    /** The model value for the {@code openai} engine. */
    String model() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1#m";
    }

    /** The URL the engine's completion requests go to. */
    String completionsUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/completions";
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Starts an event stream and returns its body. */
    static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A completion chunk carrying these token ids, each as text {@code t<id>}. */
    static String tokens(int... ids) {
        StringBuilder text = new StringBuilder();
        StringBuilder list = new StringBuilder();
        for (int id : ids) {
            text.append('t').append(id);
            list.append(list.length() == 0 ? "" : ",").append(id);
        }
        return "{\"choices\":[{\"index\":0,\"text\":\"" + text + "\",\"token_ids\":[" + list + "],\"finish_reason\":null}]}";
    }

    static String usage(int promptTokens, int completionTokens) {
        return "{\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens + "}}";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
