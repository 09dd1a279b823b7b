package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "dev", "tokenbench", "report");
    private static final Path RUN = FIXTURES.resolve("runs/20261128T143408Z-8f02a09836");

    @TempDir
    Path dir;

    private List<String> outputs() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void report_runFolder_writesEveryFormatAndSaysWhere() throws IOException {
        Path out = dir.resolve("out");
        Cli outcome = Cli.execute("report", RUN.toString(), "--out", out.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).startsWith("Report: " + out + " (18 files)");
        assertThat(outputs()).containsExactly("out", "out/charts", "out/charts/itl-per-framework.png", "out/charts/itl-per-framework.svg",
                "out/charts/itl-vs-context.png", "out/charts/itl-vs-context.svg",
                "out/charts/memory-per-framework.png", "out/charts/memory-per-framework.svg", "out/charts/rss-vs-batch.png",
                "out/charts/rss-vs-batch.svg", "out/charts/throughput-vs-batch.png",
                "out/charts/throughput-vs-batch.svg", "out/charts/throughput-vs-latency.png", "out/charts/throughput-vs-latency.svg",
                "out/charts/ttft-vs-prompt.png", "out/charts/ttft-vs-prompt.svg",
                "out/report.csv", "out/report.html", "out/report.json", "out/report.md");
        assertThat(Files.readAllBytes(out.resolve("charts/throughput-vs-batch.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(out.resolve("charts/throughput-vs-batch.svg"))).contains("<svg");
    }

    @Test
    void report_someFormats_writesOnlyThose() throws IOException {
        Cli outcome = Cli.execute("report", RUN.toString(), "--out", dir.toString(), "--format", "md,csv",
                "--baseline-framework", "fake");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outputs()).containsExactly("report.csv", "report.md");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("Baseline: fake");
    }

    @Test
    void report_badInputs_oneLineExitTwoAndNoOutput() throws IOException {
        Path out = dir.resolve("out");
        String[][] cases = {
            {FIXTURES.resolve("missing.json").toString(), FIXTURES.resolve("missing.json") + ": no such file or folder"},
            {FIXTURES.resolve("empty.json").toString(), FIXTURES.resolve("empty.json")
                    + ": file is empty; JMH leaves an empty results file when a run dies: run it again"},
            {FIXTURES.resolve("malformed.json").toString(), FIXTURES.resolve("malformed.json")
                    + ": malformed JSON at line 6, column 23: Unexpected character (',' (code 44)): was expecting double-quote to start field name"},
            {FIXTURES.resolve("not-jmh.json").toString(), FIXTURES.resolve("not-jmh.json")
                    + ": not JMH JSON output: expected a JSON array of benchmark results, found an object"},
            {FIXTURES.resolve("no-token-metrics.json").toString(), FIXTURES.resolve("no-token-metrics.json")
                    + ": no token metrics (ttft.*, itl.*, output.tokens_per_s) in any of its 1 benchmarks; run them with tokenbench's launcher"
                    + " (java -jar target/benchmarks.jar) or -prof dev.tokenbench.jmh.TokenTimingProfiler"},
        };
        for (String[] c : cases) {
            // the good run first: a bad second input must still leave nothing behind
            Cli outcome = Cli.execute("report", RUN.toString(), c[0], "--out", out.toString());

            assertThat(outcome.exitCode()).as(c[0]).isEqualTo(2);
            assertThat(outcome.err()).isEqualTo("tokenbench report: " + c[1] + System.lineSeparator());
            assertThat(outcome.out()).isEmpty();
            assertThat(outputs()).as("no output for %s", c[0]).isEmpty();
        }
    }

    @Test
    void report_unknownFormatOrBaseline_exitTwoNoOutput() throws IOException {
        Cli format = Cli.execute("report", RUN.toString(), "--out", dir.resolve("out").toString(), "--format", "md,pdf");
        Cli baseline = Cli.execute("report", RUN.toString(), "--out", dir.resolve("out").toString(), "--baseline-framework", "vllm");

        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).isEqualTo("tokenbench report: --format pdf: unknown format; valid: md, html, csv, json, png, svg" + System.lineSeparator());
        assertThat(baseline.exitCode()).isEqualTo(2);
        assertThat(baseline.err()).startsWith("tokenbench report: --baseline-framework vllm: no such framework or run in the inputs;");
        assertThat(outputs()).isEmpty();
    }

    @Test
    void report_noPath_usageErrorExitTwo() {
        Cli outcome = Cli.execute("report");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Missing required parameter");
    }

    @Test
    void defaultFolder_oneRunFolderIsItself_severalGoToReport() {
        assertThat(ReportCommand.defaultFolder(List.of(RUN))).isEqualTo(RUN);
        assertThat(ReportCommand.defaultFolder(List.of(RUN.resolve("jmh.json")))).isEqualTo(RUN);
        assertThat(ReportCommand.defaultFolder(List.of(RUN, RUN))).isEqualTo(Path.of("report"));
    }

    @Test
    void report_sweepFolder_readsEveryRoundAndListsTheFailedRun() throws IOException {
        // Two configurations of a real smoke sweep (fake and djl-pytorch on tiny), two rounds; djl-pytorch's round 2 timed out.
        Path sweep = copyOfSmokeSweep(dir.resolve("sweep"));
        Cli outcome = Cli.execute("report", sweep.toString(), "--format", "md,json");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).startsWith("Report: " + sweep + " (");
        String markdown = Files.readString(sweep.resolve("report.md"));
        // the rounds are pooled: one row per configuration, its rounds the replicates; the failed round is listed with its reason
        assertThat(markdown).contains("sweep: 2 rounds; each figure is the mean of the configuration's round figures",
                "- djl-pytorch, GenerationLatencyBenchmark.generate (ss): model tiny, precision f32, batch 1, prompt 32, new 16, threads 1,"
                        + " round-2: timed out after 2m 00s");
        assertThat(markdown).doesNotContain("djl-pytorch (round-1)");
    }

    @Test
    void report_sweepFolder_writesWhatTheSweepWritesAtItsEnd() throws IOException {
        // The same folder name under two parents, so both reports label the sweep alike.
        Path bySweep = copyOfSmokeSweep(dir.resolve("a").resolve("smoke"));
        Path byReport = copyOfSmokeSweep(dir.resolve("b").resolve("smoke"));

        assertThat(dev.tokenbench.pipeline.RunPipeline.writeSweepReport(bySweep, problem -> { throw new AssertionError(problem); })).isPresent();
        Cli outcome = Cli.execute("report", byReport.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        List<String> files = relativeFiles(bySweep);
        assertThat(files).contains("report.md", "report.html", "report.csv", "report.json", "charts/itl-per-framework.svg")
                .isEqualTo(relativeFiles(byReport));
        for (String file : files) {
            if (file.startsWith("report.") || file.endsWith(".svg")) {
                assertThat(byReport.resolve(file)).as(file).hasSameTextualContentAs(bySweep.resolve(file));
            }
        }
    }

    private static List<String> relativeFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    /** A copy of a real smoke sweep's folder (fake and djl-pytorch on tiny, two rounds; djl-pytorch's round 2 timed out). */
    private static Path copyOfSmokeSweep(Path sweep) throws IOException {
        Path fixture = Path.of("src", "test", "resources", "dev", "tokenbench", "sweep", "smoke-sweep");
        try (Stream<Path> paths = Files.walk(fixture)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = sweep.resolve(fixture.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return sweep;
    }
}
