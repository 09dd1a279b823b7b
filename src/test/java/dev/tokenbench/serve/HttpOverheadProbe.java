package dev.tokenbench.serve;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.measure.RequestRunner;
import dev.tokenbench.measure.Statistics;
import dev.tokenbench.measure.TokenTimeline;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hand-run measurement (not a test): what HTTP adds to TTFT on loopback, with the zero-delay fake behind
 * {@code serve} in this process, so that the engine costs nothing and the difference is transport. Per request, in
 * alternation (so every path sees the same machine load): the fake in-process, a raw socket client (one keep-alive
 * connection, request written in one write, time to the first {@code data:} line: the server's share), and the
 * {@code openai} engine (the JDK HttpClient's share on top). Prints median, p10 and p90 of each, in microseconds.
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/test-classes:target/classes:$(cat cp.txt) dev.tokenbench.serve.HttpOverheadProbe 200
 * </pre>
 */
final class HttpOverheadProbe {

    private static final int PROMPT_TOKENS = 64;
    private static final int NEW_TOKENS = 32;

    private HttpOverheadProbe() {
    }

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        try (FakeEngine fake = FakeEngine.builder().build();
             OpenAiServer server = OpenAiServer.start(fake, "zero", "127.0.0.1", 0, 8, 64, 4096, 0);
             Engine client = EngineRegistry.open("openai", EngineOptions.builder().setModel(server.baseUrl() + "#zero").build());
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setTcpNoDelay(true);
            String prompt = fake.promptOfTokens(PROMPT_TOKENS);
            GenerationRequest request = new GenerationRequest(List.of(prompt), NEW_TOKENS);
            RequestRunner runner = new RequestRunner(dev.tokenbench.measure.NanoClock.system());
            byte[] body = ("{\"model\":\"zero\",\"prompt\":\"" + prompt + "\",\"max_tokens\":" + NEW_TOKENS + ",\"stream\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] message = new byte[head.length + body.length];
            System.arraycopy(head, 0, message, 0, head.length);
            System.arraycopy(body, 0, message, head.length, body.length);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            long[] inProcess = new long[requests];
            long[] raw = new long[requests];
            long[] http = new long[requests];
            for (int r = -20; r < requests; r++) {
                TokenTimeline local = runner.stream(1, NEW_TOKENS, listener -> fake.generate(request, listener).promptTokenCounts());
                long start = System.nanoTime();
                out.write(message);
                out.flush();
                long firstData = -1;
                while (true) {
                    String line = in.readLine();
                    if (firstData < 0 && line.startsWith("data:")) {
                        firstData = System.nanoTime();
                    }
                    if (line.startsWith("data: [DONE]")) {
                        break;
                    }
                }
                in.readLine(); // blank line after [DONE]
                in.readLine(); // the last chunk's size line "0"
                in.readLine(); // and its blank line
                TokenTimeline remote = runner.stream(1, NEW_TOKENS, listener -> client.generate(request, listener).promptTokenCounts());
                if (r >= 0) {
                    inProcess[r] = local.timestampsNanos(0)[0] - local.requestStartNanos();
                    raw[r] = firstData - start;
                    http[r] = remote.timestampsNanos(0)[0] - remote.requestStartNanos();
                }
            }
            print("in-process TTFT", inProcess);
            print("raw socket to first data line", raw);
            print("openai engine TTFT", http);
            System.out.println("server: " + URI.create(server.baseUrl()));
        }
    }

    private static void print(String name, long[] nanos) {
        Statistics s = Statistics.of(nanos);
        System.out.printf("%-32s p50 %8.1f us  p10 %8.1f  p90 %8.1f  mean %8.1f%n", name, s.p50() / 1e3, Statistics.percentile(toDoubles(nanos), 10) / 1e3,
                s.p90() / 1e3, s.mean() / 1e3);
    }

    private static double[] toDoubles(long[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
