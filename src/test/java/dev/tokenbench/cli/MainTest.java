package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.jmh.EngineState;
import dev.tokenbench.measure.ResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    @Test
    void help_listsEveryCommandAndTheExitCodes() {
        Cli outcome = Cli.execute("--help");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("run", "generate", "model", "report", "gate", "sweep", "env", "calibrate")
                .contains("Exit codes:")
                .contains("0   success")
                .contains("2   bad input")
                .contains("3   gate: a significant regression was found");
    }

    @Test
    void env_printsTheFactsAsJson() throws IOException {
        Cli outcome = Cli.execute("env");

        assertThat(outcome.exitCode()).isZero();
        JsonNode facts = ResultJson.mapper().readTree(outcome.out());
        for (String field : List.of("cpuModel", "availableProcessors", "totalMemoryBytes", "osName", "osVersion", "jvmVendor", "jvmVersion")) {
            assertThat(facts.has(field)).as(field).isTrue();
        }
        assertThat(facts.at("/build/djlVersion").asText()).isEqualTo("0.36.0");
        assertThat(facts.at("/build/jmhVersion").asText()).isEqualTo("1.37");
        assertThat(facts.at("/build/tokenbenchVersion").asText()).isNotBlank();
    }

    @Test
    void missingInputFile_isOneLineWithExitTwo() {
        Cli outcome = Cli.execute("sweep", "benchmarks/sweeps/x.yaml");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("tokenbench sweep: benchmarks/sweeps/x.yaml: no such file" + System.lineSeparator());
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void unknownOption_isOneLineWithExitTwo() {
        Cli outcome = Cli.execute("env", "--bogus");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("tokenbench env: Unknown option: '--bogus' (see: java -jar target/benchmarks.jar env --help)");
    }

    @Test
    void run_defaultSuite_runsAsASweepOfThreeRounds_andPrintsTheSummary() throws IOException {
        // every default-suite entry collapses to one configuration: fake, 1 ms + 100 us per token, batch 1, 4 tokens
        Cli outcome = Cli.execute("--results-dir", dir.toString(), "-p", "framework=fake", "-p", "model=timing:1ms/0/100us", "-p", "batchSize=1",
                "-p", "newTokens=4", "-wi", "0", "-i", "2", "-v", "SILENT", "-jvmArgsAppend", "-Xmx256m -D" + EngineState.WARMUP_MILLIS_PROPERTY + "=0");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("Default suite as a sweep: 3 rounds", "round 3: done", "Summary:",
                "3 rounds; each figure is the mean of the configuration's round figures", "Report: ");
        Path runDir;
        try (Stream<Path> runs = Files.list(dir)) {
            runDir = runs.findFirst().orElseThrow();
        }
        Path configuration;
        try (Stream<Path> configurations = Files.list(runDir.resolve("runs"))) {
            configuration = configurations.findFirst().orElseThrow();
        }
        for (int round = 1; round <= 3; round++) {
            Path run = configuration.resolve("round-" + round);
            JsonNode jmh = ResultJson.mapper().readTree(run.resolve("jmh.json").toFile());
            assertThat(jmh).hasSize(1);
            assertThat(jmh.get(0).at("/secondaryMetrics/tokens/score").asLong()).isEqualTo(8);
            assertThat(Files.readAllLines(run.resolve("samples.jsonl"))).hasSize(2);
        }
        assertThat(ResultJson.mapper().readTree(runDir.resolve("env.json").toFile()).has("cpuModel")).isTrue();
        assertThat(runDir.resolve("index.json")).isRegularFile();
        assertThat(runDir.resolve("report.md")).content().contains("## Summary", "3 rounds");
    }

    @Test
    void run_unknownFramework_exitsTwoBeforeAnyForkAndWritesNothing() throws IOException {
        Cli outcome = Cli.execute("--results-dir", dir.toString(), "-p", "framework=nope");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("tokenbench run: unknown framework 'nope'; valid: djl-pytorch, fake, jlama, llama.cpp, openai");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void run_unknownJmhOption_exitsTwo() {
        Cli outcome = Cli.execute("-bogus");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("tokenbench run: ");
    }

    @Test
    void runHelp_describesTheSuiteAndTheJmhOptions() {
        Cli outcome = Cli.execute("run", "--help");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("default suite", "jmh.json", "samples.jsonl", "-prof tokens", "-p name=v1,v2");
    }
}
