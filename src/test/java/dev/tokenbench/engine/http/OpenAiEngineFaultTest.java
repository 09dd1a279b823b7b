package dev.tokenbench.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.TokenTimeline;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every fault of a server or a stream, from a loopback server that misbehaves on purpose: one line naming URL and fault. */
class OpenAiEngineFaultTest {

    private static final OpenAiSettings SETTINGS = new OpenAiSettings(false, Duration.ofSeconds(2), Duration.ofSeconds(5));

    private static OpenAiEngine open(MisbehavingServer server, OpenAiSettings settings) throws EngineException {
        return new OpenAiEngine(OpenAiTarget.parse(server.model()), settings, NanoClock.system(), "f32", 1, null);
    }

    private static GenerationOutcome generate(OpenAiEngine engine, int newTokens) throws EngineException {
        return engine.generate(new GenerationRequest(List.of("hello"), newTokens), new TokenTimeline(1, newTokens, 0));
    }

    private static void assertOneLine(Throwable e) {
        assertThat(e).isInstanceOf(EngineException.class);
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void connectionRefused_atOpenAndAtGenerate() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> new OpenAiEngine(OpenAiTarget.parse("http://127.0.0.1:" + port + "/v1#m"), SETTINGS, NanoClock.system(), "f32", 1, null))
                .satisfies(OpenAiEngineFaultTest::assertOneLine)
                .hasMessage("http://127.0.0.1:" + port + "/v1/models: connection refused or unreachable (is the server running?)");

        MisbehavingServer server = new MisbehavingServer(exchange -> { });
        OpenAiEngine engine = open(server, SETTINGS);
        server.close();
        assertThatThrownBy(() -> generate(engine, 2)).satisfies(OpenAiEngineFaultTest::assertOneLine)
                .hasMessageStartingWith(server.completionsUrl() + ": ");
    }

    @Test
    void unknownModel_atOpen_listsServedModels() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(exchange -> { })) {
            String model = server.model().replace("#m", "#other");
            assertThatThrownBy(() -> new OpenAiEngine(OpenAiTarget.parse(model), SETTINGS, NanoClock.system(), "f32", 1, null))
                    .hasMessageEndingWith("/v1/models: the server does not serve model 'other'; it serves [m]");
        }
    }

    @Test
    void httpErrors_carryStatusAndBody() throws Exception {
        for (int status : new int[] {400, 429, 500, 503}) {
            try (MisbehavingServer server = new MisbehavingServer(exchange -> MisbehavingServer.send(exchange, status,
                    "{\"error\":{\"message\":\"no capacity\",\"code\":" + status + "}}"))) {
                OpenAiEngine engine = open(server, SETTINGS);
                assertThatThrownBy(() -> generate(engine, 2)).satisfies(OpenAiEngineFaultTest::assertOneLine)
                        .hasMessage(server.completionsUrl() + ": HTTP " + status + ": {\"error\":{\"message\":\"no capacity\",\"code\":" + status + "}}");
            }
        }
    }

    @Test
    void malformedEvent_failsNamingIt() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(exchange -> {
            OutputStream out = MisbehavingServer.startStream(exchange);
            MisbehavingServer.event(out, MisbehavingServer.tokens(1));
            MisbehavingServer.event(out, "{\"choices\":[{\"text\":");
            out.close();
        })) {
            OpenAiEngine engine = open(server, SETTINGS);
            assertThatThrownBy(() -> generate(engine, 3)).satisfies(OpenAiEngineFaultTest::assertOneLine)
                    .hasMessage(server.completionsUrl() + ": malformed JSON in a server-sent event: '{\"choices\":[{\"text\":' (sequence 0)");
        }
    }

    @Test
    void truncatedStream_withoutDone_fails() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(exchange -> {
            OutputStream out = MisbehavingServer.startStream(exchange);
            MisbehavingServer.event(out, MisbehavingServer.tokens(1));
            MisbehavingServer.event(out, MisbehavingServer.tokens(2));
            out.close();
        })) {
            OpenAiEngine engine = open(server, SETTINGS);
            assertThatThrownBy(() -> generate(engine, 4)).satisfies(OpenAiEngineFaultTest::assertOneLine)
                    .hasMessage(server.completionsUrl() + ": the stream ended without 'data: [DONE]' after 2 of 4 tokens (sequence 0)");
        }
    }

    @Test
    void connectionDroppedMidStream_fails() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(exchange -> {
            // promises 10000 bytes, sends one event, then closes: the client sees the body end early
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 10_000);
            OutputStream out = exchange.getResponseBody();
            MisbehavingServer.event(out, MisbehavingServer.tokens(1));
            exchange.getHttpContext().getServer().stop(0);
        })) {
            OpenAiEngine engine = open(server, SETTINGS);
            assertThatThrownBy(() -> generate(engine, 4)).satisfies(OpenAiEngineFaultTest::assertOneLine)
                    .hasMessageStartingWith(server.completionsUrl() + ": ").hasMessageContaining("1 of 4 tokens");
        }
    }

    @Test
    void fewerTokensThanAsked_fails() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(exchange -> {
            OutputStream out = MisbehavingServer.startStream(exchange);
            MisbehavingServer.event(out, MisbehavingServer.tokens(1));
            MisbehavingServer.event(out, "{\"choices\":[{\"index\":0,\"text\":\"t2\",\"token_ids\":[2],\"finish_reason\":\"stop\"}]}");
            MisbehavingServer.event(out, MisbehavingServer.usage(3, 2));
            MisbehavingServer.event(out, "[DONE]");
            out.close();
        })) {
            OpenAiEngine engine = open(server, SETTINGS);
            assertThatThrownBy(() -> generate(engine, 5)).satisfies(OpenAiEngineFaultTest::assertOneLine)
                    .hasMessage(server.completionsUrl() + ": fewer tokens than asked: 2 of 5 (finish_reason stop; the server must honour ignore_eos or"
                            + " min_tokens) (sequence 0)");
        }
    }

    @Test
    void stallingServer_readTimeout() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(exchange -> {
            OutputStream out = MisbehavingServer.startStream(exchange);
            MisbehavingServer.event(out, MisbehavingServer.tokens(1));
            Thread.sleep(5_000);
        })) {
            OpenAiEngine engine = open(server, new OpenAiSettings(false, Duration.ofSeconds(2), Duration.ofMillis(300)));
            long start = System.nanoTime();
            assertThatThrownBy(() -> generate(engine, 3)).satisfies(OpenAiEngineFaultTest::assertOneLine)
                    .hasMessage(server.completionsUrl() + ": no data for 300 ms (read timeout) after 1 of 3 tokens of sequence 0");
            assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);
        }
    }

    @Test
    void stallingServer_noHeaders_readTimeout() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(exchange -> Thread.sleep(5_000))) {
            OpenAiEngine engine = open(server, new OpenAiSettings(false, Duration.ofSeconds(2), Duration.ofMillis(300)));
            assertThatThrownBy(() -> generate(engine, 3)).satisfies(OpenAiEngineFaultTest::assertOneLine)
                    .hasMessageStartingWith(server.completionsUrl() + ": ").hasMessageContaining("read timeout");
        }
    }

    @Test
    void chunkedStream_kTokensPerEvent_tokenLevelItl() throws Exception {
        // The server sends an event only after the client has taken the previous one, and 30 ms later: on a loaded machine
        // two events never reach the client in one read, so every gap is at least 30 ms however slow the steps run.
        java.util.concurrent.Semaphore received = new java.util.concurrent.Semaphore(0);
        try (MisbehavingServer server = new MisbehavingServer(exchange -> {
            OutputStream out = MisbehavingServer.startStream(exchange);
            for (int event = 0; event < 4; event++) {
                if (event > 0 && !received.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the client did not take event " + (event - 1) + " in 60 s");
                }
                Thread.sleep(30);
                MisbehavingServer.event(out, MisbehavingServer.tokens(3 * event + 1, 3 * event + 2, 3 * event + 3));
            }
            MisbehavingServer.event(out, MisbehavingServer.usage(2, 12));
            MisbehavingServer.event(out, "[DONE]");
            out.close();
        })) {
            OpenAiEngine engine = open(server, SETTINGS);
            TokenTimeline timeline = new TokenTimeline(1, 12, System.nanoTime());
            GenerationOutcome outcome = engine.generate(new GenerationRequest(List.of("hello"), 12), (sequence, tokenId, nanos) -> {
                timeline.onToken(sequence, tokenId, nanos);
                if (tokenId % 3 == 0) {
                    received.release();
                }
            });

            assertThat(outcome.tokensChunked()).isTrue();
            assertThat(outcome.promptTokenCounts()).containsExactly(2);
            assertThat(timeline.tokenIds(0)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
            long[] times = timeline.timestampsNanos(0);
            // the first event's three tokens share its arrival; every later event's gap is spread over its three tokens
            assertThat(times[1] - times[0]).isZero();
            assertThat(times[2] - times[1]).isZero();
            for (int event = 1; event < 4; event++) {
                long gap = times[3 * event + 2] - times[3 * event - 1];
                assertThat(gap).isGreaterThan(20_000_000L);
                for (int j = 0; j < 3; j++) {
                    long itl = times[3 * event + j] - times[3 * event + j - 1];
                    assertThat(itl).isBetween(gap / 3 - 1, gap / 3 + 1);
                }
            }
            assertThat(engine.decode(new int[] {5, 99})).isEqualTo("<5><99>");
        }
    }
}
