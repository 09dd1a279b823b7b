package dev.tokenbench.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.RecordingEngine;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.measure.TokenListener;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.RequestRunner;
import dev.tokenbench.measure.TokenTimeline;
import dev.tokenbench.model.TemporaryModelCache;
import dev.tokenbench.serve.OpenAiServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@code openai} engine against {@code serve} on loopback: exact token counts and the in-process engine's token ids. */
@ExtendWith(TemporaryModelCache.class)
class OpenAiEngineTest {

    private static final OpenAiSettings SETTINGS = new OpenAiSettings(false, Duration.ofSeconds(5), Duration.ofSeconds(30));

    private static TokenTimeline generate(Engine engine, List<String> prompts, int newTokens) throws EngineException {
        TokenTimeline timeline = new TokenTimeline(prompts.size(), newTokens, System.nanoTime());
        GenerationOutcome outcome = engine.generate(new GenerationRequest(prompts, newTokens), timeline);
        timeline.complete(System.nanoTime(), outcome.promptTokenCounts());
        return timeline;
    }

    @Test
    void fakeOverHttp_batchOfThree_sameIdsCountsAndPromptTokensAsInProcess() throws Exception {
        List<String> prompts = List.of("a b c", "the quick brown fox", "x");
        try (FakeEngine fake = FakeEngine.builder().build(); OpenAiServer server = OpenAiServer.start(fake, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            TokenTimeline inProcess = generate(fake, prompts, 9);
            OpenAiEngine client = new OpenAiEngine(OpenAiTarget.parse(server.baseUrl() + "#zero"), SETTINGS, NanoClock.system(), "f32", 1, null);
            TokenTimeline overHttp = generate(client, prompts, 9);

            assertThat(RequestRunner.shortfall(overHttp)).isEmpty();
            for (int s = 0; s < prompts.size(); s++) {
                assertThat(overHttp.tokenIds(s)).containsExactly(inProcess.tokenIds(s));
                assertThat(overHttp.timestampsNanos(s)).isSorted();
                assertThat(overHttp.timestampsNanos(s)[0]).isGreaterThanOrEqualTo(overHttp.requestStartNanos());
            }
            assertThat(overHttp.promptTokenCounts()).containsExactly(4, 5, 2);
            assertThat(client.decode(overHttp.tokenIds(0))).isEqualTo(fake.decode(inProcess.tokenIds(0)).replace(" ", ""));
            assertThat(client.info().framework()).isEqualTo("openai");
            assertThat(client.info().frameworkVersion()).isEqualTo("tokenbench");
            assertThat(client.info().settings()).isEqualTo("endpoint=completions connect_timeout=5000ms read_timeout=30000ms prompt=auto url="
                    + server.baseUrl());
            assertThat(client.promptOfTokens(7)).isEqualTo(fake.promptOfTokens(7));
        }
    }

    @Test
    void fakeOverHttp_chatEndpoint_promptIsTheJoinedMessages() throws Exception {
        try (FakeEngine fake = FakeEngine.builder().build(); OpenAiServer server = OpenAiServer.start(fake, "zero", "127.0.0.1", 0, 2, 8, 1024, 0)) {
            OpenAiEngine client = new OpenAiEngine(OpenAiTarget.parse(server.baseUrl() + "#zero"), new OpenAiSettings(true, Duration.ofSeconds(5),
                    Duration.ofSeconds(30)), NanoClock.system(), "f32", 1, null);
            TokenTimeline overHttp = generate(client, List.of("hello there"), 5);
            TokenTimeline inProcess = generate(fake, List.of("user: hello there\nassistant:"), 5);

            assertThat(overHttp.tokenIds(0)).containsExactly(inProcess.tokenIds(0));
        }
    }

    @Test
    void djlPytorchTinyOverHttp_sameGreedyIdsAsInProcess() throws Exception {
        EngineOptions options = EngineOptions.builder().setModel("tiny").optMaxBatchSize(2).build();
        try (Engine djl = EngineRegistry.open("djl-pytorch", options); OpenAiServer server = OpenAiServer.start(djl, "tiny", "127.0.0.1", 0, 2, 8, 1024, 0)) {
            List<String> prompts = List.of(djl.promptOfTokens(16), djl.promptOfTokens(16));
            TokenTimeline inProcess = generate(djl, prompts, 12);
            Engine client = EngineRegistry.open("openai", EngineOptions.builder().setModel(server.baseUrl() + "#tiny").build());
            assertThat(client.promptOfTokens(16)).isEqualTo(prompts.get(0));
            TokenTimeline overHttp = generate(client, prompts, 12);

            assertThat(RequestRunner.shortfall(overHttp)).isEmpty();
            for (int s = 0; s < 2; s++) {
                assertThat(overHttp.tokenIds(s)).containsExactly(inProcess.tokenIds(s));
            }
            assertThat(overHttp.promptTokenCounts()).containsExactly(inProcess.promptTokenCounts());
            client.close();
        }
    }

    @Test
    void inProcessServe_djlPytorchTiny_sameIdsAsInProcessAndClosesItsServer() throws Exception {
        EngineOptions options = EngineOptions.builder().setModel("tiny").optMaxBatchSize(2).build();
        List<String> prompts;
        TokenTimeline inProcess;
        try (Engine djl = EngineRegistry.open("djl-pytorch", options)) {
            prompts = List.of(djl.promptOfTokens(16), djl.promptOfTokens(16));
            inProcess = generate(djl, prompts, 12);
        }
        Engine client = EngineRegistry.open("openai", EngineOptions.builder().setModel("serve:djl-pytorch/tiny").optMaxBatchSize(2).build());
        String url = client.info().settings().replaceAll(".* url=(\\S+) .*", "$1");
        TokenTimeline overHttp = generate(client, prompts, 12);
        client.close();

        assertThat(client.info().settings()).matches("endpoint=completions .* url=http://127\\.0\\.0\\.1:\\d+/v1 served_in_process=djl-pytorch .*");
        assertThat(RequestRunner.shortfall(overHttp)).isEmpty();
        for (int s = 0; s < 2; s++) {
            assertThat(overHttp.tokenIds(s)).containsExactly(inProcess.tokenIds(s));
        }
        assertThat(overHttp.promptTokenCounts()).containsExactly(inProcess.promptTokenCounts());
        assertThatThrownBy(() -> EngineRegistry.open("openai", EngineOptions.builder().setModel(url + "#tiny").build()))
                .hasMessageContaining("connection refused");
    }

    @Test
    void inProcessServe_badValues_areOneLineNamingTheForm() {
        OpenAiProvider provider = new OpenAiProvider();

        assertThatThrownBy(() -> provider.checkModel("serve:tiny")).hasMessage(
                "model 'serve:tiny' for framework openai: expected serve:FRAMEWORK/MODEL, e.g. serve:djl-pytorch/tiny");
        assertThatThrownBy(() -> provider.checkModel("serve:openai/x")).hasMessageContaining("serve cannot serve openai itself");
        assertThatThrownBy(() -> provider.checkModel("serve:torch/tiny")).hasMessageStartingWith(
                "model 'serve:torch/tiny' for framework openai: unknown framework 'torch'; valid: ");
        assertThatThrownBy(() -> provider.checkModel("serve:djl-pytorch/huge")).hasMessageStartingWith(
                "model 'serve:djl-pytorch/huge' for framework openai: unknown model 'huge'");
        assertThatThrownBy(() -> provider.checkRequest("serve:djl-pytorch/tiny", 500, 64)).hasMessageContaining("context of 512 positions");
        provider.checkModel("serve:fake/zero");
        provider.checkRequest("http://127.0.0.1:8000/v1#tiny", 100_000, 64);
    }

    @Test
    void promptOfTokens_serverTokenizes_promptSentAsItsIds_exactIdsReachTheEngine() throws Exception {
        RecordingEngine engine = new RecordingEngine(FakeEngine.builder().build());
        try (OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            OpenAiEngine client = new OpenAiEngine(OpenAiTarget.parse(server.baseUrl() + "#zero"), SETTINGS, NanoClock.system(), "f32", 1, null);
            String prompt = client.promptOfTokens(6);
            TokenTimeline overHttp = generate(client, List.of(prompt, prompt), 5);

            int[] promptIds = engine.tokenize(prompt).orElseThrow();
            assertThat(promptIds).hasSize(6);
            // the two streams reach the engine as one batch or two, as they arrive: every prompt it got is the ids
            List<int[]> received = new java.util.ArrayList<>();
            engine.requests().forEach(request -> received.addAll(((TokenIdRequest) request).promptTokenIds()));
            assertThat(received).containsExactly(promptIds, promptIds);
            int[] expected = FakeEngine.tokenIds(FakeEngine.seedOf(promptIds), 5);
            assertThat(overHttp.tokenIds(0)).containsExactly(expected);
            assertThat(overHttp.tokenIds(1)).containsExactly(expected);
            assertThat(overHttp.promptTokenCounts()).containsExactly(6, 6);
        }
    }

    @Test
    void promptOfTokens_promptText_sendsTheTextCheckedAgainstTheServersCount() throws Exception {
        RecordingEngine engine = new RecordingEngine(FakeEngine.builder().build());
        try (OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            OpenAiEngine client = new OpenAiEngine(OpenAiTarget.parse(server.baseUrl() + "#zero"), OpenAiSettings.parse("prompt=text"), NanoClock.system(),
                    "f32", 1, null);
            String prompt = client.promptOfTokens(6);
            TokenTimeline overHttp = generate(client, List.of(prompt), 3);

            assertThat(((GenerationRequest) engine.requests().get(0)).prompts()).containsExactly(prompt);
            assertThat(overHttp.promptTokenCounts()).containsExactly(6);
        }
    }

    @Test
    void tokenIdRequest_overHttp_exactIdsReachTheEngine_countsFromUsage() throws Exception {
        RecordingEngine engine = new RecordingEngine(FakeEngine.builder().build());
        try (OpenAiServer server = OpenAiServer.start(engine, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            OpenAiEngine client = new OpenAiEngine(OpenAiTarget.parse(server.baseUrl() + "#zero"), SETTINGS, NanoClock.system(), "f32", 1, null);
            TokenTimeline timeline = new TokenTimeline(2, 4, System.nanoTime());
            GenerationOutcome outcome = client.generate(new TokenIdRequest(List.of(new int[] {3, 1, 4, 1, 5}, new int[] {9, 2}), 4), timeline);

            // the two streams reach the engine as one batch or two, as they arrive
            List<int[]> received = new java.util.ArrayList<>();
            engine.requests().forEach(request -> received.addAll(((TokenIdRequest) request).promptTokenIds()));
            assertThat(received).containsExactlyInAnyOrder(new int[] {3, 1, 4, 1, 5}, new int[] {9, 2});
            assertThat(outcome.promptTokenCounts()).containsExactly(5, 2);
            assertThat(timeline.tokenIds(0)).containsExactly(FakeEngine.tokenIds(FakeEngine.seedOf(new int[] {3, 1, 4, 1, 5}), 4));
            assertThat(timeline.tokenIds(1)).containsExactly(FakeEngine.tokenIds(FakeEngine.seedOf(new int[] {9, 2}), 4));
        }
    }

    @Test
    void promptTokens_serverCountsOtherwise_failsNamingBothCounts() throws Exception {
        RecordingEngine miscounting = new RecordingEngine(FakeEngine.builder().build()) {
            @Override
            public GenerationOutcome generate(TokenIdRequest request, TokenListener listener) throws EngineException {
                GenerationOutcome outcome = super.generate(request, listener);
                int[] counts = outcome.promptTokenCounts();
                counts[0]++;
                return GenerationOutcome.of(counts);
            }
        };
        try (OpenAiServer server = OpenAiServer.start(miscounting, "zero", "127.0.0.1", 0, 4, 8, 1024, 0)) {
            OpenAiEngine client = new OpenAiEngine(OpenAiTarget.parse(server.baseUrl() + "#zero"), SETTINGS, NanoClock.system(), "f32", 1, null);
            String prompt = client.promptOfTokens(4);

            assertThatThrownBy(() -> generate(client, List.of(prompt), 2)).isInstanceOf(EngineException.class).hasMessage(server.baseUrl()
                    + "/completions: the server counted 5 prompt tokens for sequence 0, but its prompt has 4 (sent as token ids); the server"
                    + " tokenizes differently from its /tokenize or /tokenbench/prompt answer");
        }
    }

    @Test
    void promptIds_serverWithoutTokenize_textFallbackUnlessIdsInsisted() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(exchange -> MisbehavingServer.send(exchange, 500, "{}"))) {
            OpenAiEngine auto = new OpenAiEngine(OpenAiTarget.parse(server.model()), SETTINGS, NanoClock.system(), "f32", 1, null);
            assertThat(auto.promptOfTokens(4)).isEqualTo("the the the");
            OpenAiEngine ids = new OpenAiEngine(OpenAiTarget.parse(server.model()), OpenAiSettings.parse("prompt=ids"), NanoClock.system(),
                    "f32", 1, null);
            assertThatThrownBy(() -> ids.promptOfTokens(4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/tokenize: prompt=ids, but the server gave no token ids for the prompt; use prompt=auto or prompt=text");
        }
        assertThatThrownBy(() -> OpenAiSettings.parse("endpoint=chat,prompt=ids")).hasMessageContaining("prompt=ids needs endpoint=completions");
        assertThatThrownBy(() -> OpenAiSettings.parse("prompt=tokens")).hasMessageContaining("prompt must be auto, ids or text, was 'tokens'");
    }
}
