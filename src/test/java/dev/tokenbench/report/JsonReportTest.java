package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void render_realRunsOldFormatAndFailures_matchesGolden() throws IOException {
        Comparison comparison = Fixtures.compare(Fixtures.SWEEP_RUN, Fixtures.DEFAULT_RUN, Fixtures.OLD_FORMAT, Fixtures.FAILED_RUN);

        Fixtures.assertGolden("report.json", Reports.render(comparison, ReportFormat.JSON));
    }

    @Test
    void render_carriesSchemaVersionAndRatios() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Reports.render(Fixtures.compare(Fixtures.OLD_FORMAT), ReportFormat.JSON));

        assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
        JsonNode b = root.at("/workloads/0/rows/1");
        assertThat(b.get("label").asText()).isEqualTo("legacy-b");
        assertThat(b.at("/ratios/outputTokensPerSecond/ratio").asDouble()).isEqualTo(1.5);
        assertThat(b.at("/ratios/outputTokensPerSecond/verdict").asText()).isEqualTo("better");
        assertThat(b.at("/figures/itlMeanMillis").isNull()).isTrue();
        assertThat(b.get("rssPeakScope").asText()).isEqualTo("since_fork_start");
    }

    @Test
    void render_hostileNames_roundTripExactly() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Reports.render(Fixtures.compare(Fixtures.HOSTILE), ReportFormat.JSON));

        assertThat(root.at("/workloads/0/rows/0/framework").asText()).isEqualTo("a,b|c\"d\ne<script>alert(2)</script>");
    }
}
