package dev.tokenbench.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.engine.RecordingEngine;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.measure.TokenListener;
import dev.tokenbench.measure.TokenTimeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code serve} on loopback with the fake engine: the API's answers, its refusals, and static batching. */
class OpenAiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> post(OpenAiServer server, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(OpenAiServer server, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(20)).GET().build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON payloads of a stream's {@code data:} lines, {@code [DONE]} as a text node. */
    private static List<JsonNode> events(String body) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            assertThat(block).startsWith("data: ");
            String data = block.substring(6);
            events.add(data.equals("[DONE]") ? JSON.getNodeFactory().textNode("[DONE]") : JSON.readTree(data));
        }
        return events;
    }

    private static int[] fakeIds(String prompt, int newTokens) throws EngineException {
        TokenTimeline timeline = new TokenTimeline(1, newTokens, 0);
        FakeEngine.builder().build().generate(new GenerationRequest(List.of(prompt), newTokens), timeline);
        return timeline.tokenIds(0);
    }

    @Test
    void completions_stream_oneTokenPerEventWithIdsThenUsageThenDone() throws Exception {
        try (FakeEngine engine = FakeEngine.builder().build(); OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            HttpResponse<String> response = post(server, "/v1/completions",
                    "{\"model\":\"zero\",\"prompt\":\"a b c\",\"max_tokens\":5,\"min_tokens\":5,\"ignore_eos\":true,\"temperature\":0,"
                            + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            List<JsonNode> events = events(response.body());
            assertThat(events).hasSize(5 + 2);
            int[] expected = fakeIds("a b c", 5);
            for (int k = 0; k < 5; k++) {
                JsonNode choice = events.get(k).get("choices").get(0);
                assertThat(choice.get("token_ids")).hasSize(1);
                assertThat(choice.get("token_ids").get(0).asInt()).isEqualTo(expected[k]);
                assertThat(choice.get("text").asText()).isEqualTo("t" + expected[k]);
                assertThat(choice.get("finish_reason").isNull()).isEqualTo(k < 4);
            }
            JsonNode usage = events.get(5).get("usage");
            assertThat(events.get(5).get("choices")).isEmpty();
            assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(4);
            assertThat(usage.get("completion_tokens").asInt()).isEqualTo(5);
            assertThat(usage.get("total_tokens").asInt()).isEqualTo(9);
            assertThat(events.get(6).asText()).isEqualTo("[DONE]");
        }
    }

    @Test
    void chatCompletions_stream_deltasWithRoleFirstAndNoUsageUnlessAsked() throws Exception {
        try (FakeEngine engine = FakeEngine.builder().build(); OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            HttpResponse<String> response = post(server, "/v1/chat/completions",
                    "{\"model\":\"zero\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi there\"}],"
                            + "\"max_tokens\":3,\"stream\":true}");

            List<JsonNode> events = events(response.body());
            assertThat(events).hasSize(3 + 1);
            assertThat(events.get(0).get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(events.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            assertThat(events.get(1).at("/choices/0/delta").has("role")).isFalse();
            assertThat(events.get(2).at("/choices/0/finish_reason").asText()).isEqualTo("length");
            int[] expected = fakeIds("system: be brief\nuser: hi there\nassistant:", 3);
            assertThat(events.get(2).at("/choices/0/token_ids/0").asInt()).isEqualTo(expected[2]);
        }
    }

    @Test
    void completions_noStreamAndTokenIdPrompt_idsReachTheEngineAsGiven() throws Exception {
        RecordingEngine engine = new RecordingEngine(FakeEngine.builder().build());
        try (OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            HttpResponse<String> response = post(server, "/v1/completions", "{\"model\":\"zero\",\"prompt\":[5,6,7],\"max_tokens\":4}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(engine.requests()).hasSize(1);
            TokenIdRequest received = (TokenIdRequest) engine.requests().get(0);
            assertThat(received.promptTokenIds()).containsExactly(new int[] {5, 6, 7});
            assertThat(received.newTokens()).isEqualTo(4);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
            assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(4);
            int[] expected = FakeEngine.tokenIds(FakeEngine.seedOf(new int[] {5, 6, 7}), 4);
            assertThat(ids(body.at("/choices/0/token_ids"))).containsExactly(expected);
            assertThat(body.at("/choices/0/text").asText()).isEqualTo(engine.decode(expected).replace(" ", ""));
        }
    }

    @Test
    void completions_listOfTokenIdLists_oneEngineBatch_oneChoiceEach_exactUsage() throws Exception {
        RecordingEngine engine = new RecordingEngine(FakeEngine.builder().build());
        try (OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            HttpResponse<String> response = post(server, "/v1/completions",
                    "{\"model\":\"zero\",\"prompt\":[[5,6,7],[8,9]],\"max_tokens\":3,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(engine.requests()).hasSize(1);
            assertThat(((TokenIdRequest) engine.requests().get(0)).promptTokenIds()).containsExactly(new int[] {5, 6, 7}, new int[] {8, 9});
            List<JsonNode> events = events(response.body());
            // 3 tokens of each choice, then the usage, then [DONE]
            assertThat(events).hasSize(8);
            int[][] expected = {FakeEngine.tokenIds(FakeEngine.seedOf(new int[] {5, 6, 7}), 3), FakeEngine.tokenIds(FakeEngine.seedOf(new int[] {8, 9}), 3)};
            int[] seen = new int[2];
            for (JsonNode event : events.subList(0, 6)) {
                int choice = event.at("/choices/0/index").asInt();
                assertThat(event.at("/choices/0/token_ids/0").asInt()).isEqualTo(expected[choice][seen[choice]]);
                seen[choice]++;
                assertThat(event.at("/choices/0/finish_reason").isNull()).isEqualTo(seen[choice] < 3);
            }
            assertThat(seen).containsExactly(3, 3);
            assertThat(events.get(6).at("/usage/prompt_tokens").asInt()).isEqualTo(5);
            assertThat(events.get(6).at("/usage/completion_tokens").asInt()).isEqualTo(6);
            assertThat(events.get(7).asText()).isEqualTo("[DONE]");
        }
    }

    @Test
    void completions_listOfTexts_noStream_choicesInOrder() throws Exception {
        try (FakeEngine engine = FakeEngine.builder().build(); OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            HttpResponse<String> response = post(server, "/v1/completions", "{\"model\":\"zero\",\"prompt\":[\"a b\",\"c\"],\"max_tokens\":2}");

            JsonNode body = JSON.readTree(response.body());
            assertThat(ids(body.at("/choices/0/token_ids"))).containsExactly(fakeIds("a b", 2));
            assertThat(ids(body.at("/choices/1/token_ids"))).containsExactly(fakeIds("c", 2));
            assertThat(body.at("/choices/1/index").asInt()).isEqualTo(1);
            assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
            assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(4);
        }
    }

    @Test
    void tokenize_answersTheEnginesIds_andRefusesBadBodies() throws Exception {
        try (FakeEngine engine = FakeEngine.builder().build(); OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 1, 1, 16, 0)) {
            JsonNode answer = JSON.readTree(post(server, "/tokenize", "{\"model\":\"zero\",\"prompt\":\"a b\"}").body());
            assertThat(ids(answer.get("tokens"))).containsExactly(engine.tokenize("a b").orElseThrow());
            assertThat(answer.get("count").asInt()).isEqualTo(3);
            assertThat(ids(JSON.readTree(post(server, "/tokenize", "{\"content\":\"a b\",\"add_special\":true}").body()).get("tokens")))
                    .containsExactly(engine.tokenize("a b").orElseThrow());
            String[][] cases = {
                {"{\"prompt\":\"a\",\"x\":1}", "400", "unknown field 'x'"},
                {"{\"prompt\":\"a\",\"add_special_tokens\":false}", "400", "'add_special_tokens' must be true or absent"},
                {"{\"prompt\":7}", "400", "'prompt' (or 'content') must be a string"},
                {"{\"model\":\"other\",\"prompt\":\"a\"}", "404", "model 'other' is not served here"},
            };
            for (String[] c : cases) {
                HttpResponse<String> response = post(server, "/tokenize", c[0]);
                assertThat(response.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(JSON.readTree(response.body()).at("/error/message").asText()).as(c[0]).contains(c[2]);
            }
        }
    }

    private static int[] ids(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }

    @Test
    void healthAndModels_answerJson() throws Exception {
        try (FakeEngine engine = FakeEngine.builder().build(); OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 1, 1, 16, 0)) {
            assertThat(get(server, "/health").body()).isEqualTo("{\"status\":\"ok\"}");
            JsonNode models = JSON.readTree(get(server, "/v1/models").body());
            assertThat(models.at("/data/0/id").asText()).isEqualTo("zero");
            JsonNode prompt = JSON.readTree(get(server, "/tokenbench/prompt?tokens=6").body());
            assertThat(FakeEngine.countTokens(prompt.get("prompt").asText())).isEqualTo(6);
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
        }
    }

    @Test
    void badRequests_getJsonErrorsAndTheServerKeepsServing() throws Exception {
        try (FakeEngine engine = FakeEngine.builder().build(); OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 1, 1, 16, 0)) {
            String[][] cases = {
                {"{not json", "400", "malformed JSON"},
                {"[1,2]", "400", "must be a JSON object"},
                {"{\"model\":\"zero\"}", "400", "'prompt' is required"},
                {"{\"model\":\"zero\",\"prompt\":\"x\",\"temperature\":0.7}", "400", "'temperature' must be 0"},
                {"{\"model\":\"zero\",\"prompt\":\"x\",\"max_tokens\":0}", "400", "'max_tokens' must be an integer from 1 to 16"},
                {"{\"model\":\"zero\",\"prompt\":\"x\",\"max_tokens\":17}", "400", "'max_tokens' must be an integer from 1 to 16"},
                {"{\"model\":\"zero\",\"prompt\":\"x\",\"max_tokens\":4,\"min_tokens\":5}", "400", "'min_tokens'"},
                {"{\"model\":\"zero\",\"prompt\":[1,-2]}", "400", "prompt[1] was -2"},
                {"{\"model\":\"zero\",\"prompt\":{}}", "400", "'prompt' must be a string, an array of strings, an array of token ids"},
                {"{\"model\":\"zero\",\"prompt\":[[1],2]}", "400", "'prompt' mixes arrays of token ids and other values; prompt[1] was 2"},
                {"{\"model\":\"zero\",\"prompt\":[\"a\",[1]]}", "400", "'prompt' mixes strings and other values"},
                {"{\"model\":\"zero\",\"prompt\":[[1],[-3]]}", "400", "prompt[1][0] was -3"},
                {"{\"model\":\"zero\",\"prompt\":[[1],[]]}", "400", "'prompt' must not be empty"},
                {"{\"model\":\"zero\",\"prompt\":[32000]}", "400", "prompt 0 token 0 is id 32000, outside the vocabulary; token ids must be from 0 to 31999"},
                {"{\"model\":\"zero\",\"prompt\":\"x\",\"bogus\":1}", "400", "unknown field 'bogus'"},
                {"{\"model\":\"zero\",\"prompt\":\"x\",\"stream\":\"yes\"}", "400", "'stream' must be true or false"},
                {"{\"model\":\"other\",\"prompt\":\"x\"}", "404", "model 'other' is not served here"},
            };
            for (String[] c : cases) {
                HttpResponse<String> response = post(server, "/v1/completions", c[0]);
                assertThat(response.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                JsonNode error = JSON.readTree(response.body()).get("error");
                assertThat(error.get("message").asText()).as(c[0]).contains(c[2]);
                assertThat(error.get("code").asInt()).isEqualTo(Integer.parseInt(c[1]));
            }
            assertThat(post(server, "/v1/chat/completions", "{\"model\":\"zero\",\"messages\":[{\"role\":\"user\"}]}").statusCode()).isEqualTo(400);
            assertThat(get(server, "/v1/nothing").statusCode()).isEqualTo(404);
            assertThat(get(server, "/v1/completions").statusCode()).isEqualTo(405);
            assertThat(post(server, "/v1/completions", "{\"model\":\"zero\",\"prompt\":\"x\",\"max_tokens\":2}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void engineRefusal_beforeFirstToken_is400() throws Exception {
        Engine refusing = new Delegating(FakeEngine.builder().build()) {
            @Override
            public GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
                throw new InvalidRequestException("prompt of 9 tokens plus 4 new tokens exceeds the context of 8");
            }
        };
        try (OpenAiServer server = OpenAiServer.start(refusing, "zero", "127.0.0.1", 0, 1, 1, 16, 0)) {
            HttpResponse<String> response = post(server, "/v1/completions", "{\"model\":\"zero\",\"prompt\":\"x\",\"max_tokens\":4,\"stream\":true}");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("exceeds the context of 8");
        }
    }

    @Test
    void concurrentRequests_sameMaxTokens_servedInOneBatch_othersLater_queueFullGets429() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        // The first request holds the engine after its first token until the test releases it: the others queue behind it
        // however slowly a loaded machine runs this test's own steps
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        FakeEngine fake = FakeEngine.builder().build();
        Engine recording = new Delegating(fake) {
            @Override
            public GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
                batchSizes.add(request.batchSize());
                if (batchSizes.size() > 1) {
                    return fake.generate(request, listener);
                }
                return fake.generate(request, (sequence, tokenId, nanos) -> {
                    listener.onToken(sequence, tokenId, nanos);
                    try {
                        if (!release.await(120, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test did not release the first request in 120 s");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        };
        try (OpenAiServer server = OpenAiServer.start(recording, "zero", "127.0.0.1", 0, 2, 3, 64, 0)) {
            InputStream first = stream(server, 60);
            assertThat(new BufferedReader(new InputStreamReader(first, StandardCharsets.UTF_8)).readLine()).startsWith("data: ");
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int maxTokens : new int[] {3, 4, 3}) {
                waiting.add(postAsync(server, maxTokens));
                awaitQueued(server, batchSizes, waiting.size());
            }
            HttpResponse<String> refused = post(server, "/v1/completions", "{\"model\":\"zero\",\"prompt\":\"x\",\"max_tokens\":3}");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("queue is full");
            first.close();
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> response : waiting) {
                assertThat(response.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }
        // first alone; then the two requests of 3 tokens together; then the one of 4
        assertThat(batchSizes).containsExactly(1, 2, 1);
    }

    @Test
    void batchWindow_concurrentStreamsArrivingTogether_runAsOneBatchOfAll() throws Exception {
        RecordingEngine recording = new RecordingEngine(FakeEngine.builder().build());
        // a window far longer than this test: the batch starts because it is full, never because the window closed
        try (OpenAiServer server = OpenAiServer.start(recording, "zero", "127.0.0.1", 0, 3, 8, 64, TimeUnit.MINUTES.toNanos(10))) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                responses.add(postAsync(server, 4));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }
        assertThat(recording.batchSizes()).containsExactly(3);
    }

    private static void awaitQueued(OpenAiServer server, List<Integer> batchSizes, int queued) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (server.waitingRequests() < queued && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(server.waitingRequests()).as("requests waiting, batches so far " + batchSizes).isEqualTo(queued);
    }

    private static InputStream stream(OpenAiServer server, int maxTokens) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/completions")).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"zero\",\"prompt\":\"first\",\"max_tokens\":" + maxTokens + ",\"stream\":true}"))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(OpenAiServer server, int maxTokens) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/completions")).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"zero\",\"prompt\":\"x\",\"max_tokens\":" + maxTokens + ",\"stream\":true}"))
                .build();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An engine that passes everything to another one. */
    private static class Delegating implements Engine {
        private final Engine delegate;

        Delegating(Engine delegate) {
            this.delegate = delegate;
        }

        @Override
        public EngineInfo info() {
            return delegate.info();
        }

        @Override
        public GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
            return delegate.generate(request, listener);
        }

        @Override
        public GenerationOutcome generate(TokenIdRequest request, TokenListener listener) throws EngineException {
            return delegate.generate(request, listener);
        }

        @Override
        public String promptOfTokens(int promptTokens) {
            return delegate.promptOfTokens(promptTokens);
        }

        @Override
        public String decode(int[] tokenIds) {
            return delegate.decode(tokenIds);
        }

        @Override
        public void close() throws EngineException {
            delegate.close();
        }
    }
}
