package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.jmh.EngineState;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.TemporaryModelCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A JMH fork of the llama.cpp engine: it reports the engine's timers and exits by itself when done. */
@ExtendWith(TemporaryModelCache.class)
class LlamaCppForkTest {

    @TempDir
    Path dir;

    @Test
    void run_llamaCppFork_reportsEngineTimersAndExitsWellBeforeJmhsShutdownTimeout() throws IOException {
        Path home = ModelCache.defaultCache().home();
        ModelCache.defaultCache().resolve("tiny");
        // JMH's progress goes to System.out: kept here (and still shown) so that its shutdown watchdog's words can be checked.
        java.io.ByteArrayOutputStream jmhOutput = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                jmhOutput.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                jmhOutput.write(bytes, offset, length);
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8));
        Cli outcome;
        try {
            outcome = Cli.execute("--results-dir", dir.toString(), "GenerationLatencyBenchmark", "-p", "framework=llama.cpp",
                "-p", "model=tiny", "-p", "promptTokens=8", "-p", "newTokens=4", "-p", "batchSize=2", "-wi", "0", "-i", "1",
                "-jvmArgsAppend", "-Xmx256m -D" + EngineState.WARMUP_MILLIS_PROPERTY + "=0 -Dtokenbench.home=" + home,
                "--no-agreement", "--no-calibration");
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        String jmhText = jmhOutput.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        // A fork left waiting for a non-daemon thread makes JMH's shutdown watchdog say so after 5 s (and kill it after 30 s):
        // checked on JMH's output, not on the wall clock, which a loaded machine stretches without any stray thread.
        assertThat(jmhText).contains("Run complete").doesNotContain("forked VM did not exit").doesNotContain("shutdown timeout");
        Path runDir;
        try (Stream<Path> runs = Files.list(dir)) {
            runDir = runs.findFirst().orElseThrow();
        }
        JsonNode jmh = ResultJson.mapper().readTree(runDir.resolve("jmh.json").toFile());
        assertThat(jmh.get(0).at("/secondaryMetrics/tokens/score").asLong()).isEqualTo(8);
        assertThat(jmh.get(0).at("/secondaryMetrics/engine.prefill_ms/score").asDouble()).isPositive();
        assertThat(jmh.get(0).at("/secondaryMetrics/engine.itl_ms/score").asDouble()).isPositive();
        assertThat(runDir.resolve("agreement.json")).doesNotExist();
    }
}
