package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JmhResultReaderTest {

    @TempDir
    Path dir;

    private static ReportRow row(ReportInput input, String framework, String batch, String prompt) {
        return input.rows().stream()
                .filter(r -> r.framework().equals(framework) && r.workload().batchSize().equals(batch) && r.workload().promptTokens().equals(prompt))
                .findFirst().orElseThrow();
    }

    @Test
    void read_realRunFolder_takesMergedScoresAndRecomputesIterationsFromSamples() throws IOException {
        ReportInput input = JmhResultReader.read(Fixtures.SWEEP_RUN);

        assertThat(input.source()).isEqualTo("20261128T143408Z-8f02a09836");
        assertThat(input.rows()).hasSize(6);
        JsonNode jmh = new ObjectMapper().readTree(Fixtures.SWEEP_RUN.resolve("jmh.json").toFile());
        JsonNode first = jmh.get(0);
        ReportRow djl = row(input, first.at("/params/framework").asText(), first.at("/params/batchSize").asText(),
                first.at("/params/promptTokens").asText());
        assertThat(djl.value(Metric.TTFT_P50).getAsDouble()).isEqualTo(first.at("/secondaryMetrics/ttft.p50/score").asDouble());
        assertThat(djl.value(Metric.PEAK_RSS).getAsDouble()).isEqualTo(first.at("/secondaryMetrics/rss.peak/score").asDouble());
        // the fork's JVM, as JMH recorded it for the result
        assertThat(input.rows()).extracting(ReportRow::forkJvm).containsOnly("Java 17.0.15");
        // per-iteration figures recomputed from samples.jsonl equal the ones JMH wrote in rawData
        JsonNode raw = first.at("/secondaryMetrics/output.tokens_per_s/rawData/0");
        double[] iterations = djl.iterations(Metric.OUTPUT_TOKENS_PER_SECOND);
        assertThat(iterations).hasSize(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            assertThat(iterations[i]).isCloseTo(raw.get(i).asDouble(), within(raw.get(i).asDouble() * 1e-12));
        }
        double expectedEfficiency = djl.value(Metric.OUTPUT_TOKENS_PER_SECOND).getAsDouble()
                / (djl.value(Metric.PEAK_RSS).getAsDouble() / (1024.0 * 1024 * 1024));
        assertThat(djl.value(Metric.MEMORY_EFFICIENCY).getAsDouble()).isCloseTo(expectedEfficiency, within(1e-6));
        assertThat(input.machine().orElseThrow().cpuModel()).isEqualTo("Intel(R) Xeon(R) Processor");
        assertThat(input.machine().orElseThrow().date()).contains("2026-11-28T14:34:08Z");
    }

    @Test
    void read_runWithAgreementFile_addsTheShareToRowsOfTheSameFrameworkAndWorkload() throws IOException {
        Path run = Files.createDirectories(dir.resolve("20261128T143408Z-8f02a09836"));
        Files.copy(Fixtures.SWEEP_RUN.resolve("jmh.json"), run.resolve("jmh.json"));
        Files.writeString(run.resolve("agreement.json"), """
                [ {"model": "tiny", "precision": "f32", "promptTokens": 128, "newTokens": 16, "framework": "djl-pytorch",
                   "reference": "djl-pytorch", "matchingTokens": 15, "totalTokens": 16, "share": 0.9375,
                   "firstDivergence": 15, "marginAtDivergence": 0.01} ]
                """);

        ReportInput input = JmhResultReader.read(run);

        assertThat(row(input, "djl-pytorch", "1", "128").value(Metric.AGREEMENT)).hasValue(0.9375);
        assertThat(row(input, "djl-pytorch", "4", "128").value(Metric.AGREEMENT)).hasValue(0.9375);
        assertThat(row(input, "djl-pytorch", "1", "32").value(Metric.AGREEMENT)).isEmpty();
        assertThat(row(input, "fake", "1", "128").value(Metric.AGREEMENT)).isEmpty();
    }

    @Test
    void read_malformedAgreementFile_isOneLineNamingIt() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.copy(Fixtures.SWEEP_RUN.resolve("jmh.json"), run.resolve("jmh.json"));
        Files.writeString(run.resolve("agreement.json"), "{\"share\": 1}");

        assertThatThrownBy(() -> JmhResultReader.read(run))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(run.resolve("agreement.json").toAbsolutePath() + ": expected a JSON array of agreement rows; delete it or run the agreement command again");
    }

    @Test
    void read_resultsFileByName_labelsRowsWithItsFolder() throws IOException {
        ReportInput input = JmhResultReader.read(Fixtures.DEFAULT_RUN.resolve("jmh.json"));

        assertThat(input.source()).isEqualTo("20261128T142326Z-ff5d6c8bbe");
        assertThat(input.rows()).extracting(ReportRow::framework).containsExactly("fake", "djl-pytorch");
    }

    @Test
    void read_oldFormat_acceptsPrefixesNanInfNoParamsHistogramAndTextResults() throws IOException {
        ReportInput input = JmhResultReader.read(Fixtures.OLD_FORMAT);

        assertThat(input.source()).isEqualTo("old-format");
        assertThat(input.machine()).isEmpty();
        List<ReportRow> rows = input.rows();
        assertThat(rows).hasSize(3);
        ReportRow a = rows.get(0);
        assertThat(a.framework()).isEqualTo("legacy-a");
        assertThat(a.workload().benchmark()).isEqualTo("LegacyBench.generate");
        assertThat(a.value(Metric.TTFT_P50)).hasValue(5.0);
        assertThat(a.iterations(Metric.TTFT_P50)).containsExactly(4.0, 6.0, 5.0, 5.0);
        assertThat(a.value(Metric.ITL_MEAN)).as("+INF score is absent").isEmpty();
        assertThat(a.value(Metric.PEAK_RSS)).hasValue(104857600.0);
        assertThat(a.rssSinceForkStart()).isTrue();
        assertThat(a.primaryScore()).hasValue(12.5);
        ReportRow sample = rows.get(2);
        assertThat(sample.framework()).isEqualTo("-");
        assertThat(sample.workload()).isEqualTo(new WorkloadKey("LegacyBench.sample", "sample", "-", "-", "-", "-", "-", "-"));
        assertThat(sample.primaryUnit()).isEqualTo("ms/op");
        assertThat(sample.value(Metric.TTFT_P50)).hasValue(1.25);
    }

    @Test
    void read_failuresJson_addsFailedRowsWithTheReason() throws IOException {
        ReportInput input = JmhResultReader.read(Fixtures.FAILED_RUN);

        assertThat(input.rows()).hasSize(2);
        ReportRow failed = input.rows().get(1);
        assertThat(failed.isFailed()).isTrue();
        assertThat(failed.framework()).isEqualTo("djl-pytorch");
        assertThat(failed.failure()).contains("java.lang.IllegalStateException: model tiny: cannot open model.safetensors (No space left on device)");
    }

    @Test
    void read_missingFile_namesIt() {
        Path missing = Fixtures.DIR.resolve("nope.json");
        assertThatThrownBy(() -> JmhResultReader.read(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(missing + ": no such file or folder");
    }

    @Test
    void read_folderWithoutResults_saysWhatItNeeds() {
        assertThatThrownBy(() -> JmhResultReader.read(dir))
                .hasMessage(dir + ": no jmh.json in this folder; give a run folder (results/runs/<UTC time>-<commit>/) or a JMH JSON file");
    }

    @Test
    void read_emptyFile_saysTheRunDied() {
        Path empty = Fixtures.DIR.resolve("empty.json");
        assertThatThrownBy(() -> JmhResultReader.read(empty))
                .hasMessage(empty + ": file is empty; JMH leaves an empty results file when a run dies: run it again");
    }

    @Test
    void read_malformed_givesLineAndColumn() {
        Path malformed = Fixtures.DIR.resolve("malformed.json");
        assertThatThrownBy(() -> JmhResultReader.read(malformed))
                .hasMessage(malformed + ": malformed JSON at line 6, column 23: Unexpected character (',' (code 44)): was expecting"
                        + " double-quote to start field name");
    }

    @Test
    void read_truncatedFile_isMalformedAtTheEnd() throws IOException {
        Path truncated = dir.resolve("jmh.json");
        String text = Files.readString(Fixtures.OLD_FORMAT);
        Files.writeString(truncated, text.substring(0, 200));
        assertThatThrownBy(() -> JmhResultReader.read(truncated))
                .hasMessageStartingWith(truncated + ": malformed JSON at line ")
                .hasMessageContaining("end-of-input");
    }

    @Test
    void read_jsonThatIsNotJmh_saysSo() {
        Path notJmh = Fixtures.DIR.resolve("not-jmh.json");
        assertThatThrownBy(() -> JmhResultReader.read(notJmh))
                .hasMessage(notJmh + ": not JMH JSON output: expected a JSON array of benchmark results, found an object");
    }

    @Test
    void read_arrayOfOtherObjects_saysWhichElement() throws IOException {
        Path other = dir.resolve("other.json");
        Files.writeString(other, "[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {}}, {\"name\": 1}]");
        assertThatThrownBy(() -> JmhResultReader.read(other))
                .hasMessage(other + ": not JMH JSON output: element 1 has no \"benchmark\" name and \"primaryMetric\" object");
    }

    @Test
    void read_noTokenMetrics_saysHowToGetThem() {
        Path plain = Fixtures.DIR.resolve("no-token-metrics.json");
        assertThatThrownBy(() -> JmhResultReader.read(plain))
                .hasMessage(plain + ": no token metrics (ttft.*, itl.*, output.tokens_per_s) in any of its 1 benchmarks; run them with"
                        + " tokenbench's launcher (java -jar target/benchmarks.jar) or -prof dev.tokenbench.jmh.TokenTimingProfiler");
    }

    @Test
    void read_emptyArray_saysNoResults() throws IOException {
        Path none = dir.resolve("none.json");
        Files.writeString(none, "[ ]\n");
        assertThatThrownBy(() -> JmhResultReader.read(none))
                .hasMessage(none + ": holds no benchmark results (an empty JSON array); run the benchmarks again");
    }

    @Test
    void read_malformedSamplesLine_namesFileAndLine() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.copy(Fixtures.OLD_FORMAT, run.resolve("jmh.json"));
        Files.writeString(run.resolve("samples.jsonl"), "{\"benchmark\":\"x\",\"samples\":{}}\n{oops\n");
        assertThatThrownBy(() -> JmhResultReader.read(run))
                .hasMessageStartingWith(run.resolve("samples.jsonl") + ": line 2: malformed JSON: ");
    }

    @Test
    void runDate_fromRunFolderName() {
        assertThat(JmhResultReader.runDate("20261128T142326Z-ff5d6c8bbe")).contains("2026-11-28T14:23:26Z");
        assertThat(JmhResultReader.runDate("my-results")).isEmpty();
    }

    @Test
    void shortBenchmark_dropsThePackage() {
        assertThat(JmhResultReader.shortBenchmark("dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate"))
                .isEqualTo("GenerationLatencyBenchmark.generate");
        assertThat(JmhResultReader.shortBenchmark("run")).isEqualTo("run");
    }

    /**
     * Files whose first bytes make Jackson decode them as UTF-32 and which then fail to decode: the reader let Jackson's
     * CharConversionException out, a message naming no file. The jmh.json and agreement.json inputs are the fuzzer's
     * (ReportInputsFuzzTest#jmhJson, #agreementJson), cut to the bytes that matter; env.json and failures.json take
     * the same path.
     */
    @ParameterizedTest
    @CsvSource({
        "jmh.json, 0000010000240004",
        "agreement.json, 070000000a202022",
        "env.json, 0000005b000000ffff0000",
        "failures.json, 0000005b000000ffff0000",
    })
    void read_runFolderFileThatIsNotUtf8_failsInOneLineNamingTheFile(String fileName, String hex) throws IOException {
        Path run = Files.createDirectories(dir.resolve("20261128T150000Z-utf32"));
        Files.copy(Fixtures.DEFAULT_RUN.resolve("jmh.json"), run.resolve("jmh.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(run.resolve(fileName), java.util.HexFormat.of().parseHex(hex));

        assertThatThrownBy(() -> JmhResultReader.read(run))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(run.resolve(fileName) + ": not a UTF-8 JSON file (")
                .hasMessageNotContaining("\n");
    }
}
