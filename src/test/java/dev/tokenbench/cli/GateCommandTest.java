package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.gate.NormalizeFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateCommandTest {

    private static final Path RUNS = Path.of("src", "test", "resources", "dev", "tokenbench", "report", "runs");
    /** fake zero and djl-pytorch tiny at batch 1, 10 iterations each, with env.json and samples.jsonl. */
    private static final Path RUN = RUNS.resolve("20261128T142326Z-ff5d6c8bbe");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path base;

    /** The run's JMH JSON alone (no samples.jsonl: the figures come from JMH's rawData, which the test can scale). */
    @BeforeEach
    void copyRun() throws IOException {
        base = dir.resolve("base/jmh.json");
        Files.createDirectories(base.getParent());
        Files.copy(RUN.resolve("jmh.json"), base);
    }

    /** A copy of the base run with every time multiplied by {@code slowdown} and every throughput divided by it. */
    private Path slowed(String name, double slowdown) throws IOException {
        ArrayNode root = (ArrayNode) JSON.readTree(base.toFile());
        for (JsonNode benchmark : root) {
            for (Map.Entry<String, JsonNode> metric : benchmark.get("secondaryMetrics").properties()) {
                String label = metric.getKey();
                double factor = label.startsWith("ttft.") || label.startsWith("itl.") || label.startsWith("tpot.") || label.startsWith("e2e.")
                        ? slowdown : label.endsWith("tokens_per_s") ? 1 / slowdown : 1;
                ObjectNode node = (ObjectNode) metric.getValue();
                if (node.get("score").isNumber()) {
                    node.put("score", node.get("score").asDouble() * factor);
                }
                for (JsonNode fork : node.get("rawData")) {
                    ArrayNode values = (ArrayNode) fork;
                    for (int i = 0; i < values.size(); i++) {
                        values.set(i, JSON.getNodeFactory().numberNode(values.get(i).asDouble() * factor));
                    }
                }
            }
        }
        Path file = dir.resolve(name).resolve("jmh.json");
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void gate_runAgainstItself_passesWithExitZero() throws IOException {
        Path junit = dir.resolve("out/gate.xml");
        Cli outcome = Cli.execute("gate", "--baseline", RUN.toString(), "--current", RUN.toString(), "--junit", junit.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("Welch's t-test on independent replicates").contains("gate passed: 0 regressions");
        assertThat(Files.readString(junit)).contains("failures=\"0\"");
    }

    @Test
    void gate_thirtyPercentSlower_regressionExitThreeAndEveryOutput() throws IOException {
        Path slow = slowed("slow", 1.3);
        Path md = dir.resolve("out/gate.md");
        Cli outcome = Cli.execute("gate", "--baseline", base.toString(), "--current", slow.toString(), "--markdown", md.toString(),
                "--junit", dir.resolve("out/gate.xml").toString(), "--github-benchmark", dir.resolve("out/bench").toString());

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(3);
        assertThat(outcome.out()).contains("REGRESSION: fake zero f32 b1").contains("gate FAILED");
        assertThat(Files.readString(md)).contains("**REGRESSION**");
        assertThat(files()).contains("out/bench/customBiggerIsBetter.json", "out/bench/customSmallerIsBetter.json", "out/gate.md", "out/gate.xml");
    }

    @Test
    void gate_thirtyPercentFaster_improvementExitZero() throws IOException {
        Cli outcome = Cli.execute("gate", "--baseline", base.toString(), "--current", slowed("fast", 1 / 1.3).toString());

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
        assertThat(outcome.out()).contains("improvement");
    }

    @Test
    void gate_badThresholdOrAlpha_exitTwoOneLineNothingWritten() throws IOException {
        for (String[] bad : new String[][] {{"--threshold", "ttft=abc"}, {"--threshold", "unknown.metric=5"}, {"--threshold", "ttft.p50=-3"},
                {"--alpha", "1.5"}, {"--alpha", "0"}}) {
            Cli outcome = Cli.execute("gate", "--baseline", RUN.toString(), "--current", RUN.toString(), bad[0], bad[1],
                    "--junit", dir.resolve("out/gate.xml").toString());

            assertThat(outcome.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(outcome.err()).startsWith("tokenbench gate: " + bad[0]).hasLineCount(1);
        }
        assertThat(files()).containsExactly("base/jmh.json");
    }

    @Test
    void gate_missingOrEmptyFile_exitTwoNamingIt() throws IOException {
        Cli missing = Cli.execute("gate", "--baseline", dir.resolve("nope").toString(), "--current", RUN.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("tokenbench gate: --baseline " + dir.resolve("nope") + ": no such file or run folder"
                + System.lineSeparator());

        Path empty = Files.createFile(dir.resolve("empty.json"));
        Cli emptyOutcome = Cli.execute("gate", "--baseline", RUN.toString(), "--current", empty.toString());
        assertThat(emptyOutcome.exitCode()).isEqualTo(2);
        assertThat(emptyOutcome.err()).startsWith("tokenbench gate: --current: ").contains("empty.json").hasLineCount(1);
    }

    @Test
    void gate_noCommonWorkload_exitTwo() throws IOException {
        Cli outcome = Cli.execute("gate", "--baseline", RUN.toString(), "--current", RUNS.resolve("20261128T150000Z-failedrun").toString());

        assertThat(outcome.exitCode()).as(outcome.out()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("tokenbench gate: baseline and current have no workload in common");
    }

    @Test
    void gate_notATokenbenchJar_exitTwo() throws IOException {
        Path jar = dir.resolve("other.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), new java.util.jar.Manifest())) {
            out.putNextEntry(new java.util.jar.JarEntry("a.txt"));
        }
        Cli outcome = Cli.execute("gate", "--baseline-jar", jar.toString(), "--current-jar", jar.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("tokenbench gate: --baseline-jar " + jar + ": not a tokenbench jar (its Main-Class is null);"
                + " give tokenbench's target/benchmarks.jar" + System.lineSeparator());
    }

    @Test
    void saveBaseline_thenGateByName_passes() throws IOException {
        Path store = dir.resolve("baselines");
        Cli saved = Cli.execute("gate", "--save-baseline", "main", "--current", RUN.toString(), "--baselines-dir", store.toString());

        assertThat(saved.exitCode()).as(saved.err()).isZero();
        assertThat(saved.out()).startsWith("gate: saved " + RUN + " as baseline main");
        assertThat(files()).contains("baselines/main/jmh.json", "baselines/main/env.json", "baselines/main/samples.jsonl");

        Cli again = Cli.execute("gate", "--save-baseline", "main", "--current", base.toString(), "--baselines-dir", store.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(files()).filteredOn(f -> f.startsWith("baselines/")).containsExactly("baselines/main/jmh.json");

        Cli gate = Cli.execute("gate", "--baseline", "main", "--current", base.toString(), "--baselines-dir", store.toString());
        assertThat(gate.exitCode()).as(gate.err()).isZero();
        assertThat(gate.out()).contains("gate passed");
    }

    @Test
    void saveBaseline_badNameOrUnreadableRun_exitTwoNothingWritten() throws IOException {
        Path store = dir.resolve("baselines");
        Cli badName = Cli.execute("gate", "--save-baseline", "../x", "--current", RUN.toString(), "--baselines-dir", store.toString());
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).startsWith("tokenbench gate: --save-baseline ../x: a baseline name is letters, digits");

        Path empty = Files.createFile(dir.resolve("empty.json"));
        Cli unreadable = Cli.execute("gate", "--save-baseline", "main", "--current", empty.toString(), "--baselines-dir", store.toString());
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).startsWith("tokenbench gate: --current: ").hasLineCount(1);
        assertThat(store).doesNotExist();
    }

    @Test
    void gate_unknownBaselineName_exitTwoSayingHowToSaveOne() {
        Path store = dir.resolve("baselines");
        Cli outcome = Cli.execute("gate", "--baseline", "nightly", "--current", RUN.toString(), "--baselines-dir", store.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("tokenbench gate: --baseline nightly: no such file, run folder or saved baseline ("
                + store.resolve("nightly") + "); save one with gate --save-baseline nightly --current RUN" + System.lineSeparator());
    }

    @Test
    void gate_differentMachines_inconclusiveExitZero() throws IOException {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        for (String file : List.of("jmh.json", "samples.jsonl")) {
            Files.copy(RUN.resolve(file), other.resolve(file));
        }
        Files.writeString(other.resolve("env.json"), Files.readString(RUN.resolve("env.json"))
                .replace("Intel(R) Xeon(R) Processor", "AMD EPYC 9654"));
        Cli outcome = Cli.execute("gate", "--baseline", RUN.toString(), "--current", other.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("inconclusive: ").contains("baseline ran on Intel(R) Xeon(R) Processor, 2 cores")
                .contains("current on AMD EPYC 9654").contains("0 pass, 8 inconclusive");
    }

    @Test
    void gate_normalizeOnOneMachine_comparedRaw() throws IOException {
        Path base = NormalizeFixtures.run(dir, "base-run", NormalizeFixtures.XEON, 1, 1, 1);
        Path now = NormalizeFixtures.run(dir, "now-run", NormalizeFixtures.XEON, 1.5, 1, 1);
        Cli outcome = Cli.execute("gate", "--baseline", base.toString(), "--current", now.toString(), "--normalize", "calibration");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).doesNotContain("Normalized").contains("1.5x").containsIgnoringCase("improvement");
    }

    @Test
    void gate_normalizeAcrossMachines_comparesScaledFigures() throws IOException {
        Path base = NormalizeFixtures.run(dir, "base-run", NormalizeFixtures.XEON, 1, 1, 1);
        Path now = NormalizeFixtures.run(dir, "now-run", NormalizeFixtures.EPYC, 1.5, 0.5, 0.8);

        Cli raw = Cli.execute("gate", "--baseline", base.toString(), "--current", now.toString());
        assertThat(raw.exitCode()).as(raw.err()).isZero();
        assertThat(raw.out()).contains("0 pass, 8 inconclusive").contains("(--normalize calibration)");

        Cli normalized = Cli.execute("gate", "--baseline", base.toString(), "--current", now.toString(), "--normalize", "calibration");
        assertThat(normalized.exitCode()).as(normalized.out() + normalized.err()).isEqualTo(3);
        assertThat(normalized.out()).contains("Normalized by calibration (baseline ran on Intel(R) Xeon(R) Processor")
                .contains("0.75x").contains("gate FAILED");
    }

    @Test
    void gate_normalizeBadInput_exitTwoOneLineNothingWritten() throws IOException {
        Path base = NormalizeFixtures.run(dir, "base-run", NormalizeFixtures.XEON, 1, 1, 1);
        Path now = NormalizeFixtures.run(dir, "old-run", NormalizeFixtures.EPYC_UNCALIBRATED, 1, 1, 1);
        Path junit = dir.resolve("out/gate.xml");
        String nl = System.lineSeparator();

        Cli missing = Cli.execute("gate", "--baseline", base.toString(), "--current", now.toString(), "--normalize", "calibration",
                "--junit", junit.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("tokenbench gate: --current " + now + ": --normalize calibration needs the run's calibration, but "
                + now.resolve("env.json") + " says it was not calibrated (--no-calibration was given); rerun it without --no-calibration,"
                + " or drop --normalize" + nl);
        assertThat(missing.out()).isEmpty();

        Cli unknown = Cli.execute("gate", "--baseline", base.toString(), "--current", now.toString(), "--normalize", "bandwidth",
                "--junit", junit.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("tokenbench gate: --normalize bandwidth: the one normalization is 'calibration'"
                + " (--normalize calibration)" + nl);

        Cli jars = Cli.execute("gate", "--baseline-jar", "a.jar", "--current-jar", "b.jar", "--normalize", "calibration");
        assertThat(jars.exitCode()).isEqualTo(2);
        assertThat(jars.err()).startsWith("tokenbench gate: --normalize: --baseline-jar/--current-jar run both jars on this machine").doesNotContain(nl + "t");
        assertThat(Files.exists(junit)).isFalse();
    }
}
