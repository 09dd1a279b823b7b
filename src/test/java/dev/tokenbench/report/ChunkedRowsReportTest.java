package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows whose requests were chunked ({@code requests.chunked} > 0) are marked in every format, naming the chunked-ITL rule. */
class ChunkedRowsReportTest {

    private static final String NOTE = "openai: chunked, 3 requests (requests.chunked) had server-sent events carrying several tokens at once;"
            + " its ITL follows the chunked-ITL rule: each event's gap spread evenly over its tokens (docs/metrics.md, itl.*)";

    private static String row(String framework, String extraSecondary) {
        return """
                {"benchmark": "dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate", "mode": "ss", "threads": 1, "forks": 1,
                 "params": {"batchSize": "1", "framework": "%s", "model": "tiny", "newTokens": "8", "precision": "f32", "promptTokens": "16", "threads": "1"},
                 "primaryMetric": {"score": 10.0, "scoreUnit": "ms/op", "rawData": [[10.0, 10.0]]},
                 "secondaryMetrics": {
                   "itl.mean": {"score": 2.0, "scoreUnit": "ms", "rawData": [[2.0, 2.0]]},
                   "output.tokens_per_s": {"score": 400.0, "scoreUnit": "tokens/s", "rawData": [[400.0, 400.0]]}%s
                 }}""".formatted(framework, extraSecondary);
    }

    private static Comparison comparison(Path dir) throws IOException {
        Path json = dir.resolve("http.json");
        Files.writeString(json, "[" + row("djl-pytorch", "") + ","
                + row("openai", ", \"requests.chunked\": {\"score\": 3.0, \"scoreUnit\": \"requests\", \"rawData\": [[1.0, 2.0]]}") + "]");
        return Fixtures.compare(json);
    }

    @Test
    void markdownAndHtml_chunkedRow_noteNamesTheRule_perTokenRowHasNone(@TempDir Path dir) throws IOException {
        Comparison comparison = comparison(dir);

        String markdown = Reports.render(comparison, ReportFormat.MARKDOWN);
        assertThat(markdown).contains("- " + Formats.markdown(NOTE) + "\n");
        assertThat(markdown).doesNotContain("djl-pytorch: chunked");
        assertThat(Reports.render(comparison, ReportFormat.HTML)).contains("<li>" + Formats.html(NOTE) + "</li>");
    }

    @Test
    void csvAndJson_itlRuleChunkedOrPerToken_andTheCount(@TempDir Path dir) throws IOException {
        Comparison comparison = comparison(dir);

        List<List<String>> records = CsvReportTest.parse(Reports.render(comparison, ReportFormat.CSV));
        int framework = CsvReport.header().indexOf("framework");
        int rule = CsvReport.header().indexOf("itlRule");
        int count = CsvReport.header().indexOf("requestsChunked");
        assertThat(records.subList(1, 3)).extracting(r -> r.get(framework) + " " + r.get(rule) + " " + r.get(count))
                .containsExactlyInAnyOrder("djl-pytorch per_token ", "openai chunked 3.0");

        JsonNode rows = new ObjectMapper().readTree(Reports.render(comparison, ReportFormat.JSON)).at("/workloads/0/rows");
        for (JsonNode row : rows) {
            boolean chunked = row.get("framework").asText().equals("openai");
            assertThat(row.get("itlRule").asText()).isEqualTo(chunked ? "chunked" : "per_token");
            assertThat(row.at("/figures/requestsChunked").isMissingNode() || row.at("/figures/requestsChunked").isNull()).isEqualTo(!chunked);
        }
    }
}
