package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.measure.ResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import dev.tokenbench.model.TemporaryModelCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TemporaryModelCache.class)
class GenerateCommandTest {

    @Test
    void generate_fakeJson_reportsTokensAndFigures() throws IOException {
        Cli outcome = Cli.execute("generate", "--framework", "fake", "--prompt-tokens", "5", "--new-tokens", "3", "--batch", "2", "--json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode report = ResultJson.mapper().readTree(outcome.out());
        assertThat(report.at("/engine/framework").asText()).isEqualTo("fake");
        assertThat(report.get("promptTokenCounts").toString()).isEqualTo("[5,5]");
        assertThat(report.get("tokenIds")).hasSize(2);
        assertThat(report.get("tokenIds").get(0)).hasSize(3);
        assertThat(report.at("/timeToFirstTokenNanos/count").asLong()).isEqualTo(2);
        assertThat(report.at("/interTokenLatencyNanos/count").asLong()).isEqualTo(4);
        assertThat(report.get("outputTokensPerSecond").isNumber()).isTrue();
    }

    @Test
    void generate_djlTiny_isDeterministicAndPrintsEveryFigure() {
        String[] args = {"generate", "--model", "tiny", "--prompt", "Once upon a time", "--new-tokens", "8"};

        Cli first = Cli.execute(args);
        Cli second = Cli.execute(args);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("djl-pytorch DJL 0.36.0 / PyTorch 2.7.1 on cpu, f32, 1 thread(s), model tiny",
                "sequence 0: prompt 5 tokens", "TTFT ms: mean", "ITL ms: mean", "tokens/s: output", "memory: peak RSS");
        assertThat(ids(second.out())).isEqualTo(ids(first.out())).matches("\\[(\\d+, ){7}\\d+]");
    }

    private static String ids(String out) {
        return out.lines().filter(l -> l.startsWith("  ids:")).findFirst().orElseThrow().substring("  ids:  ".length());
    }

    @Test
    void generate_promptBeyondTheContext_exitsTwoWithTheFix() {
        Cli outcome = Cli.execute("generate", "--model", "tiny", "--prompt-tokens", "500", "--new-tokens", "20");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("prompt 0 has 500 tokens, plus 20 new tokens that is 520 positions, more than the context of 512");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void generate_truncatedWeights_exitsTwoNamingTheFile(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("truncated");
        assertThat(Cli.execute("model", "create", "--preset", "tiny", "--out", model.toString()).exitCode()).isZero();
        Path weights = model.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));

        Cli outcome = Cli.execute("generate", "--model", model.toString(), "--prompt", "hi", "--new-tokens", "2");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).startsWith("tokenbench generate: ").contains("model.safetensors");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void generate_badValues_exitTwoNamingTheOption() {
        assertThat(Cli.execute("generate", "--prompt", "x", "--new-tokens", "0").err()).contains("--new-tokens must be >= 1, was 0");
        assertThat(Cli.execute("generate", "--prompt", "x", "--batch", "-1").exitCode()).isEqualTo(2);
        assertThat(Cli.execute("generate", "--framework", "vllm", "--prompt", "x").err().strip())
                .isEqualTo("tokenbench generate: unknown framework 'vllm'; valid: djl-pytorch, fake, jlama, llama.cpp, openai");
        assertThat(Cli.execute("generate", "--new-tokens", "4").err()).contains("Missing required argument");
    }

    @Test
    void generate_openaiServerDown_exit1NamingTheUrl() throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Cli outcome = Cli.execute("generate", "--framework", "openai", "--model", "http://127.0.0.1:" + port + "/v1#tiny", "--prompt", "x");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err().strip()).isEqualTo("tokenbench generate: http://127.0.0.1:" + port
                + "/v1/models: connection refused or unreachable (is the server running?)");
    }
}
