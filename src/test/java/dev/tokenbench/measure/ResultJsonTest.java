package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

    @Test
    void write_thenRead_givesAnEqualResult() {
        BenchmarkResult result = TestResults.result();

        String json = ResultJson.write(result);

        assertThat(ResultJson.read(json, "results.json")).isEqualTo(result);
    }

    @Test
    void write_list_thenReadList_givesEqualResults() {
        List<BenchmarkResult> results = List.of(TestResults.result(), TestResults.result());

        assertThat(ResultJson.readList(ResultJson.write(results), "results.json")).isEqualTo(results);
    }

    @Test
    void write_namesFieldsWithUnitsAndAbsentFiguresAsNull() {
        String json = ResultJson.write(TestResults.result());

        assertThat(json)
                .contains("\"schemaVersion\" : 2")
                .contains("\"timestamp\" : \"2026-11-28T12:00:00Z\"")
                .contains("\"timeToFirstTokenNanos\" : {")
                .contains("\"interTokenLatencyNanos\" : [ 50, 100, 30, 70, 100, 100, 100, 100 ]")
                .contains("\"peakRssBytes\" : 1073741824")
                .contains("\"rssPeakScope\" : \"PER_ITERATION\"")
                .contains("\"gpuMemoryBytes\" : null");
    }

    @Test
    void read_emptyFile_saysSoAndHowToFix() {
        assertThatThrownBy(() -> ResultJson.read("  \n", "runs/x/results.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runs/x/results.json: file is empty; expected tokenbench result JSON (a run that died leaves an empty file: run it again)");
    }

    @Test
    void read_malformedJson_namesLineAndColumn() {
        assertThatThrownBy(() -> ResultJson.read("{\n  \"schemaVersion\": 1,\n  oops\n}", "r.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("r.json: malformed JSON at line 3, column ");
    }

    @Test
    void read_jsonThatIsNotAResult_saysSo() {
        assertThatThrownBy(() -> ResultJson.read("{\"benchmark\": \"x\"}", "jmh.json"))
                .hasMessage("jmh.json: field schemaVersion is missing or not an integer; this is not a tokenbench result file");
        assertThatThrownBy(() -> ResultJson.readList("{}", "r.json"))
                .hasMessage("r.json: expected a JSON array of tokenbench results, found object");
    }

    @Test
    void read_newerSchema_isRejectedWithTheFix() {
        assertThatThrownBy(() -> ResultJson.read("{\"schemaVersion\": 99}", "r.json"))
                .hasMessage("r.json: schemaVersion 99 is not supported (this build reads 1 to 2); use a tokenbench build at least as new as the one that wrote it");
    }

    @Test
    void read_fieldOfWrongType_namesTheField() {
        String json = ResultJson.write(TestResults.result()).replace("\"batchSize\" : 2", "\"batchSize\" : \"two\"");

        assertThatThrownBy(() -> ResultJson.read(json, "r.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("r.json: field workload.batchSize: ");
    }

    @Test
    void read_version1File_readsItsFiguresAndItsSamplesAsTokenSamples() throws IOException {
        BenchmarkResult current = TestResults.result();

        BenchmarkResult old = ResultJson.read(resource("result-v1.json"), "result-v1.json");

        assertThat(old.schemaVersion()).isEqualTo(BenchmarkResult.SCHEMA_VERSION);
        assertThat(old.timeToFirstTokenNanos()).isEqualTo(current.timeToFirstTokenNanos());
        assertThat(old.interTokenLatencyNanos()).isEqualTo(current.interTokenLatencyNanos());
        assertThat(old.prefillTokensPerSecond()).isEqualTo(current.prefillTokensPerSecond());
        assertThat(old.tokensPerPeakMib()).isEqualTo(current.tokensPerPeakMib());
        TokenSamples samples = old.samples();
        assertThat(samples.interTokenLatencyNanos()).containsExactly(current.samples().interTokenLatencyNanos());
        assertThat(samples.timePerOutputTokenNanos()).containsExactly(current.samples().timePerOutputTokenNanos());
        assertThat(samples.requestWallNanos()).containsExactly(300, 600);
        assertThat(samples.requestOutputTokens()).containsExactly(6, 6);
        assertThat(samples.requests()).isEqualTo(2);
        assertThat(samples.sequences()).isEqualTo(4);
        assertThat(samples.streamed()).isTrue();
        assertThat(Figure.OUTPUT_TOKENS_PER_SECOND.valueOf(samples)).isEqualTo(current.outputTokensPerSecond());
        assertThat(Figure.ITL_P99.valueOf(samples)).isEqualTo(Figure.ITL_P99.valueOf(current.samples()));
        assertThat(Figure.PREFILL_TOKENS_PER_SECOND.valueOf(samples)).isEmpty();
    }

    @Test
    void readList_version1Files_readsEach() throws IOException {
        String one = resource("result-v1.json").strip();

        assertThat(ResultJson.readList("[" + one + ", " + one + "]", "results.json")).hasSize(2);
    }

    private static String resource(String name) throws IOException {
        try (var in = ResultJsonTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
