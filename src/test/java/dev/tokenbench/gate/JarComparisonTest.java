package dev.tokenbench.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.report.RatioTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarComparisonTest {

    private static final Path RUN = Path.of("src/test/resources/dev/tokenbench/report/runs/20261128T142326Z-ff5d6c8bbe/jmh.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One launch the fake launcher saw. */
    record Launch(Path jar, List<String> arguments, OptionalInt cpu) {
    }

    /**
     * Writes the fixture run with its times scaled by a level that drifts from round to round (shared by both jars) and,
     * for the current jar, by {@code slowdown} with a little jitter.
     */
    private RunLauncher fake(Path currentJar, double slowdown, List<Launch> launches) {
        return (jar, arguments, resultsFile, cpu) -> {
            launches.add(new Launch(jar, arguments, cpu));
            int round = Integer.parseInt(resultsFile.getParent().getParent().getFileName().toString().substring("round-".length()));
            double level = 1 + 0.3 * Math.sin(round);
            double factor = level * (jar.equals(currentJar) ? slowdown * (1 + 0.01 * (round % 3)) : 1);
            ArrayNode root = (ArrayNode) JSON.readTree(RUN.toFile());
            for (JsonNode benchmark : root) {
                for (Map.Entry<String, JsonNode> metric : benchmark.get("secondaryMetrics").properties()) {
                    String label = metric.getKey();
                    double f = label.startsWith("ttft.") || label.startsWith("itl.") ? factor : label.endsWith("tokens_per_s") ? 1 / factor : 1;
                    ObjectNode node = (ObjectNode) metric.getValue();
                    if (node.get("score").isNumber()) {
                        node.put("score", node.get("score").asDouble() * f);
                    }
                }
            }
            JSON.writeValue(resultsFile.toFile(), root);
        };
    }

    private JarComparison.Options options(boolean duet, int rounds) {
        return new JarComparison.Options(Path.of("old.jar"), Path.of("new.jar"), RoundPlan.of(rounds, duet, 7), List.of("-p", "model=tiny", "-f", "1"),
                List.of(), List.of("-jvmArgsAppend", "-Dx=1"), List.of(), dir);
    }

    @Test
    void run_interleaved_pairsRoundsAndFindsTheSlowdownDespiteDrift() throws Exception {
        List<Launch> launches = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        GateInput input = JarComparison.run(options(false, 6), fake(Path.of("new.jar"), 1.3, launches), progress::add);

        assertThat(input.design()).isEqualTo(GateInput.Design.PAIRED_ROUNDS);
        assertThat(launches).hasSize(12).allSatisfy(launch -> assertThat(launch.cpu()).isEmpty());
        assertThat(launches.get(0).arguments()).startsWith("-p", "model=tiny", "-f", "1");
        assertThat(launches.stream().filter(l -> l.jar().equals(Path.of("new.jar"))))
                .allSatisfy(l -> assertThat(l.arguments()).endsWith("-jvmArgsAppend", "-Dx=1"));
        assertThat(progress).hasSize(6).first().asString().startsWith("round 1/6 (");
        assertThat(dir.resolve("round-6/current/jmh.json")).exists();

        GateResult result = Gate.evaluate(input, GateSettings.defaults());
        GateRow ttft = result.rows().stream().filter(r -> r.workload().startsWith("djl-pytorch") && r.figure().name().equals("ttft.p50"))
                .findFirst().orElseThrow();
        assertThat(ttft.test().orElseThrow().design()).isEqualTo(RatioTest.Design.PAIRED_LOG);
        assertThat(ttft.test().orElseThrow().count()).isEqualTo(6);
        assertThat(ttft.verdict()).isInstanceOf(GateVerdict.Regression.class);
        assertThat(result.failed()).isTrue();
    }

    @Test
    void run_identicalJars_pass() throws Exception {
        GateInput input = JarComparison.run(options(false, 5), fake(Path.of("new.jar"), 1.0, new ArrayList<>()), line -> { });
        GateResult result = Gate.evaluate(input, GateSettings.defaults());

        assertThat(result.regressions()).isZero();
        assertThat(result.failed()).isFalse();
    }

    @Test
    void run_duet_pinsTheTwoJarsOfARoundToTwoCores() throws Exception {
        List<Launch> launches = Collections.synchronizedList(new ArrayList<>());
        JarComparison.run(options(true, 4), fake(Path.of("new.jar"), 1.0, launches), line -> { });

        assertThat(launches).hasSize(8);
        assertThat(launches).extracting(l -> l.cpu().getAsInt()).containsOnly(0, 1);
        assertThat(launches.stream().filter(l -> l.jar().equals(Path.of("old.jar"))).map(l -> l.cpu().getAsInt()).distinct().count())
                .as("the baseline jar does not always get the same core").isEqualTo(2);
    }

    @Test
    void run_failingRun_propagatesItsMessage() {
        RunLauncher failing = (jar, arguments, resultsFile, cpu) -> {
            throw new IOException(jar + " exited with 1; see run.log");
        };
        assertThatThrownBy(() -> JarComparison.run(options(false, 2), failing, line -> { })).isInstanceOf(IOException.class)
                .hasMessageContaining("exited with 1");
    }

    @Test
    void overrides_replaceTheSuitesSingleValueAndRelabelTheCurrentsRows() throws Exception {
        List<String> suite = List.of("GenerationLatencyBenchmark", "-p", "framework=fake", "-p", "model=timing:20ms/50us/2ms", "-f", "1");
        List<GateRuns.ParamOverride> overrides = JarComparison.overrides(suite, List.of("model=timing:26ms/65us/2600us"));
        List<Launch> launches = new ArrayList<>();
        JarComparison.Options options = new JarComparison.Options(Path.of("old.jar"), Path.of("new.jar"), RoundPlan.of(2, false, 1), suite,
                List.of(), List.of(), overrides, dir);
        JarComparison.run(options, fake(Path.of("new.jar"), 1.0, launches), line -> { });

        assertThat(overrides).containsExactly(new GateRuns.ParamOverride("model", "timing:26ms/65us/2600us", "timing:20ms/50us/2ms"));
        assertThat(launches.stream().filter(l -> l.jar().equals(Path.of("new.jar"))))
                .allSatisfy(l -> assertThat(l.arguments()).containsSubsequence("-p", "model=timing:26ms/65us/2600us").doesNotContain("model=timing:20ms/50us/2ms"));
        assertThat(launches.stream().filter(l -> l.jar().equals(Path.of("old.jar"))))
                .allSatisfy(l -> assertThat(l.arguments()).contains("model=timing:20ms/50us/2ms"));
        assertThatThrownBy(() -> JarComparison.overrides(List.of("-p", "model=a,b"), List.of("model=c")))
                .isInstanceOf(GateInputException.class).hasMessageContaining("exactly one value");
        assertThatThrownBy(() -> JarComparison.overrides(suite, List.of("colour=red"))).isInstanceOf(GateInputException.class)
                .hasMessageStartingWith("--current-param colour=red: expected NAME=VALUE with NAME one of framework, model");
    }

    @Test
    void label_overriddenValue_labelledAsTheSuites() {
        dev.tokenbench.report.WorkloadKey key = new dev.tokenbench.report.WorkloadKey("GenerationLatencyBenchmark.generate", "ss",
                "timing:26ms/65us/2600us", "f32", "1", "32", "32", "1");
        assertThat(GateRuns.label("fake", key, List.of(new GateRuns.ParamOverride("model", "timing:26ms/65us/2600us", "timing:20ms/50us/2ms"))))
                .isEqualTo("fake timing:20ms/50us/2ms f32 b1 p32 n32 t1 GenerationLatencyBenchmark.generate");
    }

    @Test
    void checkJar_missingFile_namesTheFlag() {
        assertThatThrownBy(() -> JarComparison.checkJar(dir.resolve("x.jar"), "--current-jar")).isInstanceOf(GateInputException.class)
                .hasMessage("--current-jar " + dir.resolve("x.jar") + ": no such file; build it with mvn package (target/benchmarks.jar)");
    }

    @Test
    void roundPlan_seeded_reproducibleAndBalanced() {
        RoundPlan a = RoundPlan.of(40, false, 3);
        RoundPlan b = RoundPlan.of(40, false, 3);

        assertThat(a).isEqualTo(b);
        assertThat(a.baselineFirstCount()).isBetween(12L, 28L);
        assertThat(RoundPlan.of(40, false, 4)).isNotEqualTo(a);
        assertThatThrownBy(() -> RoundPlan.of(0, false, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void processRunLauncher_failingCommand_namesTheLog() throws IOException {
        Path results = dir.resolve("r/jmh.json");
        Files.createDirectories(results.getParent());
        assertThatThrownBy(() -> new ProcessRunLauncher().run(dir.resolve("missing.jar"), List.of(), results, OptionalInt.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("exited with 1; see " + results.resolveSibling("run.log"));
        assertThat(Files.readString(results.resolveSibling("run.log"))).contains("-jar " + dir.resolve("missing.jar"));
    }

    @Test
    void processRunLauncher_jarWhoseRunsCalibrate_toldNotTo() throws IOException {
        Path calibrating = dir.resolve("calibrating.jar");
        Path older = dir.resolve("older.jar");
        for (Path jar : List.of(calibrating, older)) {
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new java.util.jar.JarEntry("dev/tokenbench/cli/RunCommand.class"));
                out.write((jar == calibrating ? "names\u0000--no-calibration\u0000--no-agreement" : "names\u0000--no-agreement")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                out.closeEntry();
            }
        }

        assertThat(ProcessRunLauncher.takesNoCalibration(calibrating)).isTrue();
        assertThat(ProcessRunLauncher.takesNoCalibration(older)).isFalse();
        assertThat(ProcessRunLauncher.takesNoCalibration(dir.resolve("missing.jar"))).isFalse();
        Path results = dir.resolve("run/jmh.json");
        assertThat(ProcessRunLauncher.runArguments(calibrating, List.of("-p", "model=tiny"), results))
                .containsExactly("-p", "model=tiny", "-rff", results.toString(), "--no-agreement", "--no-calibration");
        // A suite that already says it (the gate campaign's, a user's suite options) gets it once: picocli refuses a repeat.
        assertThat(ProcessRunLauncher.runArguments(calibrating, List.of("--no-calibration", "-p", "model=tiny"), results))
                .containsExactly("--no-calibration", "-p", "model=tiny", "-rff", results.toString(), "--no-agreement");
        assertThat(ProcessRunLauncher.runArguments(older, List.of("-p", "model=tiny"), results))
                .containsExactly("-p", "model=tiny", "-rff", results.toString(), "--no-agreement");
    }
}
