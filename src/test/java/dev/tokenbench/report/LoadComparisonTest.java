package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadComparisonTest {

    @TempDir
    Path dir;

    /** An open-loop episode's figures: rate r, achieved a, output tok/s o, TTFT p99 t, TPOT p99 p, goodput g. */
    private static String open(int index, double rate, double achieved, double output, double ttftP99, double tpotP99, double goodput, boolean met) {
        return """
                {"episode": %d, "shape": "open loop, %s requests/s (Poisson, seed 42)", "requestsPerSecond": %s, "seed": 42,
                 "requestLimit": 20, "durationNanos": 0, "wallNanos": 10000000000, "metSlo": %s,
                 "figures": {"requests": 20, "load.requests_failed": 0, "load.offered_requests_per_s": %s, "load.requests_per_s": %s,
                             "load.output_tokens_per_s": %s, "ttft.p50": 10.5, "ttft.p99": %s, "tpot.p99": %s, "itl.mean": 2.25,
                             "requests.chunked": 0, "slo.attainment": 0.95, "goodput.requests_per_s": %s}}
                """.formatted(index, LoadComparisonTest.number(rate), rate, met, rate, achieved, output, ttftP99, tpotP99, goodput);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String closed(int index, int concurrency, double output) {
        return """
                {"episode": %d, "shape": "closed loop, %d streams", "concurrency": %d, "requestLimit": 20, "durationNanos": 0,
                 "wallNanos": 5000000000, "metSlo": true,
                 "figures": {"requests": 20, "load.requests_failed": 0, "load.requests_per_s": 4, "load.output_tokens_per_s": %s,
                             "ttft.p99": 40, "tpot.p99": 5, "slo.attainment": 1, "goodput.requests_per_s": 4}}
                """.formatted(index, concurrency, concurrency, output);
    }

    private Path run(String name, String slo, String highest, String... episodes) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("load.json"), """
                {"schemaVersion": 1, "model": "serve:fake/zero", "engine": "openai 1 url=http://127.0.0.1:1/v1", "promptTokens": 64, "newTokens": 32,
                 "slo": %s,
                 "episodes": [%s]%s}
                """.formatted(slo, String.join(",", episodes), highest == null ? "" : ", \"highestRateMetRequestsPerSecond\": " + highest));
        return folder;
    }

    private static final String MLPERF = "{\"name\": \"mlperf-llama2-70b\", \"ttftLimitNanos\": 2000000000, \"tpotLimitNanos\": 200000000, \"percentile\": 99}";

    private LoadComparison twoServers() throws IOException {
        Path a = run("serve-a", MLPERF, "2", open(0, 1, 1, 32, 100, 10, 0.95, true), open(1, 2, 2, 64, 400, 20, 1.9, true),
                open(2, 4, 2.5, 80, 2500, 30, 1.0, false));
        Path b = run("serve-b", MLPERF, "4", open(0, 1, 1, 40, 50, 8, 0.95, true), open(1, 2, 2, 80, 100, 10, 1.9, true),
                open(2, 4, 3.8, 121.6, 300, 12, 3.8, true));
        return new LoadComparison(List.of(LoadInput.read(a), LoadInput.read(b)), Optional.empty());
    }

    @Test
    void twoServers_sameRates_rowsSideBySideWithRatiosToTheFirst() throws IOException {
        LoadComparison comparison = twoServers();

        String markdown = MarkdownReport.render(comparison.document(comparison.charts()));

        assertThat(markdown).contains("# tokenbench load report",
                "Inputs: serve-a, serve-b (2 load runs, 6 episodes). Baseline: serve-a (every ratio is run / baseline at the same workload and shape).",
                "| **serve-a** | serve:fake/zero | openai 1 url=http://127.0.0.1:1/v1 | 64 | 32 | mlperf-llama2-70b (p99 TTFT &lt;= 2000 ms, p99 TPOT &lt;= 200 ms) | 3 | 2 req/s |",
                "| serve-b | serve:fake/zero | openai 1 url=http://127.0.0.1:1/v1 | 64 | 32 | mlperf-llama2-70b (p99 TTFT &lt;= 2000 ms, p99 TPOT &lt;= 200 ms) | 3 | 4 req/s |",
                "## Episodes: prompt 64 tokens, 32 new tokens per request",
                "| shape | run | requests | failed | offered req/s | req/s | output tok/s | TTFT p50 (ms) | TTFT p99 (ms) | TPOT mean (ms) | TPOT p99 (ms)"
                        + " | ITL mean (ms) | ITL p99 (ms) | E2E p50 (ms) | E2E p99 (ms) | chunked | SLO attainment | goodput req/s | meets SLO"
                        + " | output tok/s vs serve-a | TTFT p99 vs serve-a | TPOT p99 vs serve-a | goodput req/s vs serve-a |",
                "| open, 4 req/s | serve-b | 20 | 0 | 4 | 3.8 | 121.6 | 10.5 | 300 | - | 12 | 2.25 | - | - | - | 0 | 95% | 3.8 | yes | 1.52x | 0.12x | 0.4x | 3.8x |",
                "| **open, 4 req/s** | serve-a | 20 | 0 | 4 | 2.5 | 80 | 10.5 | 2500 | - | 30 | 2.25 | - | - | - | 0 | 95% | 1 | no | - | - | - | - |",
                "the quotient of two single episodes, with no interval or test");
        // rows are ordered by rate, the baseline first within a rate
        assertThat(markdown.indexOf("| **open, 1 req/s** | serve-a")).isLessThan(markdown.indexOf("| open, 1 req/s | serve-b"));
        assertThat(markdown.indexOf("| open, 1 req/s | serve-b")).isLessThan(markdown.indexOf("| **open, 2 req/s** | serve-a"));
        assertThat(markdown).contains("## Fairness notes", "No env.json beside serve-a, serve-b: the machine is unknown")
                .doesNotContain("different SLOs");
    }

    @Test
    void csvAndJson_carryEveryEpisodeAndRatio() throws IOException {
        LoadComparison comparison = twoServers();

        List<String> csv = List.of(comparison.csv().split("\r\n"));
        JsonNode json = JsonMapper.builder().build().readTree(comparison.json(comparison.charts()));

        assertThat(csv).hasSize(7);
        assertThat(csv.get(0)).startsWith("source,baseline,model,engine,promptTokens,newTokens,slo,episode,shape,loop,concurrency,requestsPerSecondOffered,metSlo,"
                + "highestRateMetRequestsPerSecond,requests,requestsFailed,offeredRequestsPerSecond,requestsPerSecond,outputTokensPerSecond,ttftP50Millis,ttftP99Millis,")
                .endsWith(",goodputRequestsPerSecond,outputTokensPerSecondRatio,ttftP99MillisRatio,tpotP99MillisRatio,goodputRequestsPerSecondRatio");
        assertThat(csv.get(6)).startsWith("serve-b,false,serve:fake/zero,openai 1 url=http://127.0.0.1:1/v1,64,32,")
                .contains(",\"mlperf-llama2-70b (p99 TTFT <= 2000 ms, p99 TPOT <= 200 ms)\",2,\"open loop, 4 requests/s (Poisson, seed 42)\",open,,4.0,true,4.0,20.0,0.0,4.0,3.8,121.6,10.5,300.0,,12.0,2.25,,,,0.0,0.95,3.8,")
                .endsWith(",3.8,1.52,0.12,0.4,3.8");
        assertThat(json.get("kind").asText()).isEqualTo("load");
        assertThat(json.get("baseline").asText()).isEqualTo("serve-a");
        JsonNode episode = json.get("runs").get(1).get("episodes").get(2);
        assertThat(episode.get("requestsPerSecond").asDouble()).isEqualTo(4.0);
        assertThat(episode.get("figures").get("goodput.requests_per_s").asDouble()).isEqualTo(3.8);
        assertThat(episode.get("ratios").get("load.output_tokens_per_s").asDouble()).isEqualTo(1.52);
        assertThat(json.get("runs").get(0).get("episodes").get(0).get("ratios").size()).isZero();
        assertThat(json.get("runs").get(1).get("highestRateMetRequestsPerSecond").asDouble()).isEqualTo(4.0);
    }

    @Test
    void charts_openLoopsDrawn_closedLoopsSkippedWithTheReason() throws IOException {
        List<ReportChart> charts = twoServers().charts();

        assertThat(charts).extracting(ReportChart::name).containsExactly("load-throughput-vs-rate", "load-latency-vs-rate",
                "load-throughput-vs-concurrency", "load-latency-vs-concurrency");
        assertThat(charts.get(0).skipped()).isEmpty();
        assertThat(charts.get(0).chart().orElseThrow().getSeriesMap().keySet()).containsExactly("serve-a req/s", "serve-a goodput req/s",
                "serve-b req/s", "serve-b goodput req/s");
        assertThat(charts.get(2).skipped()).contains("no closed-loop episodes");
    }

    @Test
    void differentSlos_andWorkloads_flaggedAndNeverCompared() throws IOException {
        Path a = run("a", MLPERF, null, closed(0, 1, 30), closed(1, 4, 90));
        Path b = run("b", "{\"name\": \"custom\", \"ttftLimitNanos\": 500000000, \"tpotLimitNanos\": 50000000, \"percentile\": 90}", null,
                closed(0, 4, 120));
        LoadComparison comparison = new LoadComparison(List.of(LoadInput.read(a), LoadInput.read(b)), Optional.of("b"));

        String markdown = MarkdownReport.render(comparison.document(comparison.charts()));

        assertThat(markdown).contains("## Fairness notes", "The runs were judged by different SLOs (mlperf-llama2-70b (p99 TTFT &lt;= 2000 ms,"
                        + " p99 TPOT &lt;= 200 ms); custom (p90 TTFT &lt;= 500 ms, p90 TPOT &lt;= 50 ms))",
                "| closed, 4 streams | a | 20 | 0 | - | 4 | 90 |", "| 0.75x |", "Baseline: b");
        // a's single-stream episode has no counterpart in b: no ratio
        assertThat(markdown).containsPattern("\\| closed, 1 stream \\| a \\|[^\\n]*\\| yes \\| - \\| - \\| - \\| - \\|");
        assertThat(comparison.charts().get(2).skipped()).isEmpty();
    }

    @Test
    void generateLoadReport_writesEveryFormat() throws IOException {
        Path a = run("a", MLPERF, "2", open(0, 1, 1, 32, 100, 10, 0.95, true), open(1, 2, 2, 64, 400, 20, 1.9, true));
        Path out = dir.resolve("report");

        List<Path> written = Reports.generateLoadReport(List.of(a), Optional.empty(), out, EnumSet.allOf(ReportFormat.class));

        assertThat(written).contains(out.resolve("report.md"), out.resolve("report.html"), out.resolve("report.csv"), out.resolve("report.json"),
                out.resolve("charts/load-throughput-vs-rate.png"), out.resolve("charts/load-latency-vs-rate.svg"));
        assertThat(Files.readString(out.resolve("report.html"))).contains("<h1", "tokenbench load report", "data:image/png;base64,");
        assertThat(Files.readString(out.resolve("report.md"))).doesNotContain(" vs a |");
    }

    @Test
    void badLoadFiles_oneLineNamingFileAndField() throws IOException {
        String valid = "{\"schemaVersion\": 1, \"model\": \"m\", \"engine\": \"e\", \"promptTokens\": 8, \"newTokens\": 4, \"slo\": " + MLPERF
                + ", \"episodes\": [" + closed(0, 2, 10) + "]}";
        Object[][] cases = {
            {"", "is empty; run the load again"},
            {valid.substring(0, valid.length() / 2), "malformed JSON at line"},
            {"[]", "expected the JSON object 'load' writes"},
            {valid.replace("\"schemaVersion\": 1", "\"schemaVersion\": 7"), "field schemaVersion is 7, this tokenbench reads version 1"},
            {valid.replace("\"promptTokens\": 8", "\"promptTokens\": -8"), "field promptTokens is -8, not a positive integer"},
            {valid.replace("\"model\": \"m\", ", ""), "field model is missing, not a non-empty string"},
            {valid.replace("\"percentile\": 99", "\"percentile\": 120"), "field slo.percentile is 120.0, above 100"},
            {valid.replace("\"concurrency\": 2,", "\"concurrency\": 2, \"requestsPerSecond\": 3,"), "field episodes[0] has both concurrency and requestsPerSecond"},
            {valid.replace("\"load.output_tokens_per_s\"", "\"tokens.magic\""), "field episodes[0].figures has tokens.magic, which is no figure of docs/metrics.md"},
            {valid.replace("\"load.output_tokens_per_s\": 10.0", "\"load.output_tokens_per_s\": \"fast\""), "field episodes[0].figures.load.output_tokens_per_s is \"fast\", not a finite number >= 0"},
            {valid.replace("\"metSlo\": true", "\"metSlo\": 1"), "field episodes[0].metSlo is 1, not true or false"},
            {valid.replace("[" + closed(0, 2, 10) + "]", "[]"), "field episodes is [], not a non-empty array"},
        };
        for (Object[] c : cases) {
            Path folder = Files.createDirectories(dir.resolve("bad-" + Integer.toHexString(c[0].hashCode())));
            Files.write(folder.resolve("load.json"), ((String) c[0]).getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> LoadInput.read(folder)).as((String) c[1]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(folder.resolve("load.json").toString()).hasMessageContaining((String) c[1])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> LoadInput.read(dir.resolve("nowhere"))).hasMessageContaining("nowhere: no such file or folder; give a folder that");
    }
}
