package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenbench.measure.Figure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP row over its in-process row, as ratios with intervals, in every format. */
class ServingOverheadTest {

    private static String row(String framework, String model, String batch, double[] ttft, double[] itl, double[] output) {
        return """
                {"benchmark": "dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate", "mode": "ss", "threads": 1, "forks": 1,
                 "params": {"batchSize": "%s", "framework": "%s", "model": "%s", "newTokens": "8", "precision": "f32", "promptTokens": "16", "threads": "1"},
                 "primaryMetric": {"score": 10.0, "scoreUnit": "ms/op", "rawData": [[10.0, 10.0]]},
                 "secondaryMetrics": {
                   "ttft.p50": {"score": %s, "scoreUnit": "ms", "rawData": [[%s, %s]]},
                   "itl.mean": {"score": %s, "scoreUnit": "ms", "rawData": [[%s, %s]]},
                   "output.tokens_per_s": {"score": %s, "scoreUnit": "tokens/s", "rawData": [[%s, %s]]}
                 }}""".formatted(batch, framework, model, (ttft[0] + ttft[1]) / 2, ttft[0], ttft[1], (itl[0] + itl[1]) / 2, itl[0], itl[1],
                (output[0] + output[1]) / 2, output[0], output[1]);
    }

    private static final double[] LOCAL_TTFT = {10, 12};
    private static final double[] HTTP_TTFT = {13, 15};
    private static final double[] LOCAL_ITL = {2, 2.5};
    private static final double[] HTTP_ITL = {2.5, 2.5};
    private static final double[] LOCAL_OUTPUT = {400, 420};
    private static final double[] HTTP_OUTPUT = {350, 370};

    private static Comparison comparison(Path dir) throws IOException {
        Path json = dir.resolve("default.json");
        Files.writeString(json, "[" + String.join(",",
                row("djl-pytorch", "tiny", "1", LOCAL_TTFT, LOCAL_ITL, LOCAL_OUTPUT),
                row("openai", "serve:djl-pytorch/tiny", "1", HTTP_TTFT, HTTP_ITL, HTTP_OUTPUT),
                // no in-process row at batch 8: no overhead row for it
                row("openai", "serve:djl-pytorch/tiny", "8", HTTP_TTFT, HTTP_ITL, HTTP_OUTPUT),
                row("llama.cpp", "tiny", "1", LOCAL_TTFT, LOCAL_ITL, LOCAL_OUTPUT)) + "]");
        return Fixtures.compare(json);
    }

    @Test
    void of_httpRowOnServe_pairedWithTheSameWorkloadsInProcessRow_ratiosFromTheStatisticsCore(@TempDir Path dir) throws IOException {
        List<ServingOverhead> overheads = ServingOverhead.of(comparison(dir));

        assertThat(overheads).hasSize(1);
        ServingOverhead overhead = overheads.get(0);
        assertThat(overhead.httpLabel()).isEqualTo("openai");
        assertThat(overhead.httpWorkload().model()).isEqualTo("serve:djl-pytorch/tiny");
        assertThat(overhead.inProcessLabel()).isEqualTo("djl-pytorch");
        assertThat(overhead.inProcessWorkload().model()).isEqualTo("tiny");
        assertThat(overhead.inProcessWorkload().batchSize()).isEqualTo("1");
        assertThat(overhead.ratios().get(Metric.TTFT_P50).ratio()).isEqualTo(14.0 / 11.0);
        assertThat(overhead.ratios().get(Metric.ITL_MEAN).ratio()).isEqualTo(2.5 / 2.25);
        assertThat(overhead.ratios().get(Metric.OUTPUT_TOKENS_PER_SECOND).ratio()).isEqualTo(360.0 / 410.0);
        assertThat(overhead.ratios().get(Metric.TTFT_P50))
                .isEqualTo(RatioStatistics.compare(HTTP_TTFT, LOCAL_TTFT, Figure.Direction.LOWER_IS_BETTER));
    }

    @Test
    void served_parsesServeModelsOnly() {
        assertThat(ServingOverhead.served("serve:llama.cpp/small")).hasValueSatisfying(parts -> assertThat(parts).containsExactly("llama.cpp", "small"));
        assertThat(ServingOverhead.served("tiny")).isEmpty();
        assertThat(ServingOverhead.served("serve:tiny")).isEmpty();
        assertThat(ServingOverhead.served("serve:x/")).isEmpty();
    }

    @Test
    void everyFormat_showsTheOverhead(@TempDir Path dir) throws IOException {
        Comparison comparison = comparison(dir);
        RatioEstimate ttft = ServingOverhead.of(comparison).get(0).ratios().get(Metric.TTFT_P50);

        String markdown = Reports.render(comparison, ReportFormat.MARKDOWN);
        assertThat(markdown).contains("## Serving overhead");
        assertThat(markdown).contains("| openai on serve:djl-pytorch/tiny | djl-pytorch | " + Formats.markdown(comparison.groups().stream()
                .filter(g -> g.workload().model().equals("tiny") && g.workload().batchSize().equals("1")).findFirst().orElseThrow().workload().describe())
                + " | " + Formats.markdown(ReportDocument.describe(Metric.TTFT_P50, ttft)) + " |");
        assertThat(Reports.render(comparison, ReportFormat.HTML)).contains("Serving overhead", "openai on serve:djl-pytorch/tiny");

        List<List<String>> records = CsvReportTest.parse(Reports.render(comparison, ReportFormat.CSV));
        List<String> header = CsvReport.header();
        List<String> http = records.stream().filter(r -> r.get(header.indexOf("model")).equals("serve:djl-pytorch/tiny")
                && r.get(header.indexOf("batchSize")).equals("1")).findFirst().orElseThrow();
        assertThat(http.get(header.indexOf("servingOverheadInProcessModel"))).isEqualTo("tiny");
        assertThat(http.get(header.indexOf("ttftP50MillisHttpRatio"))).isEqualTo(Double.toString(14.0 / 11.0));
        assertThat(http.get(header.indexOf("ttftP50MillisHttpRatioCi95Lower"))).isEqualTo(Double.toString(ttft.ci95Lower().getAsDouble()));
        List<String> batch8 = records.stream().filter(r -> r.get(header.indexOf("model")).equals("serve:djl-pytorch/tiny")
                && r.get(header.indexOf("batchSize")).equals("8")).findFirst().orElseThrow();
        assertThat(batch8.get(header.indexOf("servingOverheadInProcessModel"))).isEmpty();

        JsonNode json = new ObjectMapper().readTree(Reports.render(comparison, ReportFormat.JSON)).get("servingOverhead");
        assertThat(json).hasSize(1);
        assertThat(json.at("/0/httpModel").asText()).isEqualTo("serve:djl-pytorch/tiny");
        assertThat(json.at("/0/inProcessModel").asText()).isEqualTo("tiny");
        assertThat(json.at("/0/ratios/outputTokensPerSecond/ratio").asDouble()).isEqualTo(360.0 / 410.0);
        assertThat(json.at("/0/ratios/ttftP50Millis/ci95Upper").asDouble()).isEqualTo(ttft.ci95Upper().getAsDouble());
    }
}
