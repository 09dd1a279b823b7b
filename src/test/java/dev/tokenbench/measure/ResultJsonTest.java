package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                .contains("\"schemaVersion\" : 1")
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
                .hasMessage("r.json: schemaVersion 99 is not supported (this build reads 1 to 1); use a tokenbench build at least as new as the one that wrote it");
    }

    @Test
    void read_fieldOfWrongType_namesTheField() {
        String json = ResultJson.write(TestResults.result()).replace("\"batchSize\" : 2", "\"batchSize\" : \"two\"");

        assertThatThrownBy(() -> ResultJson.read(json, "r.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("r.json: field workload.batchSize: ");
    }
}
