package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.measure.BenchmarkResult;
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
        assertThat(outcome.out()).contains("run", "generate", "model", "report", "gate", "sweep", "env")
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
    void pendingCommand_saysWhatItWillDoAndExitsTwo() {
        Cli outcome = Cli.execute("report", "results/runs/x/jmh.json");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("tokenbench report: not available in this build yet: ");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void unknownOption_isOneLineWithExitTwo() {
        Cli outcome = Cli.execute("env", "--bogus");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("tokenbench env: Unknown option: '--bogus' (see: java -jar target/benchmarks.jar env --help)");
    }

    @Test
    void run_withResultsDir_writesResultsOfTheHarnessCheck() throws IOException {
        Cli outcome = Cli.execute("run", "--results-dir", dir.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("harness check", "TTFT p50 ms", "fake:zero-delay", "fake:paced", "Harness cost per token");
        Path resultsFile;
        try (Stream<Path> runs = Files.list(dir)) {
            resultsFile = runs.findFirst().orElseThrow().resolve("results.json");
        }
        List<BenchmarkResult> results = ResultJson.readList(Files.readString(resultsFile), resultsFile.toString());
        assertThat(results).hasSize(3);
        assertThat(results).extracting(r -> r.workload().batchSize()).containsExactly(1, 1, 8);
        BenchmarkResult paced = results.get(1);
        // programmed TTFT 26.4 ms and ITL 2 ms; the system clock can only be late, by scheduling noise
        assertThat(paced.timeToFirstTokenNanos().orElseThrow().min()).isGreaterThanOrEqualTo(26_400_000);
        assertThat(paced.interTokenLatencyNanos().orElseThrow().p50()).isBetween(1_900_000.0, 2_500_000.0);
        assertThat(outcome.out()).contains("Results: " + resultsFile);
    }

    @Test
    void run_withJmhOptionsBeforeTheSuiteExists_exitsTwoAndWritesNothing() throws IOException {
        Cli outcome = Cli.execute("--results-dir", dir.toString(), "-f", "1");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("tokenbench run: JMH options [-f, 1] are not accepted yet");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void isLastRun_recognisesTheFinalRunOfAConfiguration() {
        assertThat(RunCommand.isLastRun("fake batch=1 new=64: run 5/5")).isTrue();
        assertThat(RunCommand.isLastRun("fake batch=1 new=64: run 4/5")).isFalse();
        assertThat(RunCommand.isLastRun("fake batch=1 new=64: warm-up 1/1")).isFalse();
    }
}
