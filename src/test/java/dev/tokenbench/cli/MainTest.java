package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.measure.BenchmarkResult;
import dev.tokenbench.measure.ResultJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    /** Exit code and both output streams of one command line. */
    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    @Test
    void help_listsEveryCommandAndTheExitCodes() {
        Outcome outcome = execute("--help");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("run", "generate", "model", "report", "gate", "sweep", "env")
                .contains("Exit codes:")
                .contains("0   success")
                .contains("2   bad input")
                .contains("3   gate: a significant regression was found");
    }

    @Test
    void env_printsTheFactsAsJson() throws IOException {
        Outcome outcome = execute("env");

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
        Outcome outcome = execute("report", "results/runs/x/jmh.json");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("tokenbench report: not available in this build yet: ");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void unknownOption_isOneLineWithExitTwo() {
        Outcome outcome = execute("env", "--bogus");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("tokenbench env: Unknown option: '--bogus' (see: java -jar target/benchmarks.jar env --help)");
    }

    @Test
    void run_withResultsDir_writesResultsOfTheHarnessCheck() throws IOException {
        Outcome outcome = execute("run", "--results-dir", dir.toString());

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
        Outcome outcome = execute("--results-dir", dir.toString(), "-f", "1");

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
