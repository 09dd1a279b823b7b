package dev.tokenbench.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class GateOutputsTest {

    @TempDir
    Path dir;

    @Test
    void markdown_mixedResult_matchesGolden() throws Exception {
        GateFixtures.assertGolden("gate.md", GateMarkdown.render(GateFixtures.mixedResult()));
    }

    @Test
    void junitXml_mixedResult_matchesGoldenAndParses() throws Exception {
        String xml = GateJUnitXml.render(GateFixtures.mixedResult());
        GateFixtures.assertGolden("gate-junit.xml", xml);

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        assertThat(document.getElementsByTagName("testcase").getLength()).isEqualTo(Integer.parseInt(
                document.getDocumentElement().getAttribute("tests")));
        assertThat(document.getElementsByTagName("failure").getLength()).isEqualTo(Integer.parseInt(
                document.getDocumentElement().getAttribute("failures")));
        assertThat(document.getElementsByTagName("skipped").getLength()).isEqualTo(Integer.parseInt(
                document.getDocumentElement().getAttribute("skipped")));
    }

    @Test
    void benchmarkExport_splitsByDirection_matchesGolden() throws Exception {
        GateResult result = GateFixtures.mixedResult();
        String bigger = GateBenchmarkExport.render(result, true);
        String smaller = GateBenchmarkExport.render(result, false);
        GateFixtures.assertGolden(GateBenchmarkExport.BIGGER_IS_BETTER_FILE, bigger);
        GateFixtures.assertGolden(GateBenchmarkExport.SMALLER_IS_BETTER_FILE, smaller);

        ObjectMapper json = new ObjectMapper();
        for (JsonNode entry : json.readTree(bigger)) {
            assertThat(entry.get("name").asText()).endsWith("/ output.tokens_per_s");
        }
        for (JsonNode entry : json.readTree(smaller)) {
            assertThat(entry.get("name").asText()).doesNotEndWith("tokens_per_s");
            assertThat(entry.get("value").isNumber()).isTrue();
        }
    }

    @Test
    void appendToStepSummary_appendsWhenSetOnly() throws IOException {
        Path summary = dir.resolve("summary.md");
        Files.writeString(summary, "earlier step\n");

        assertThat(GateMarkdown.appendToStepSummary(summary.toString(), "## gate")).isTrue();
        assertThat(GateMarkdown.appendToStepSummary(null, "## gate")).isFalse();
        assertThat(GateMarkdown.appendToStepSummary("", "## gate")).isFalse();
        assertThat(Files.readString(summary)).isEqualTo("earlier step\n## gate\n");
    }
}
