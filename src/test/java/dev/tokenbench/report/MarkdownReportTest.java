package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    @Test
    void render_realRunsOldFormatAndFailures_matchesGolden() throws IOException {
        Comparison comparison = Fixtures.compare(Fixtures.SWEEP_RUN, Fixtures.DEFAULT_RUN, Fixtures.OLD_FORMAT, Fixtures.FAILED_RUN);

        Fixtures.assertGolden("report.md", Reports.render(comparison, ReportFormat.MARKDOWN));
    }

    @Test
    void render_hostileNames_escapedInEveryCell() throws IOException {
        String markdown = Reports.render(Fixtures.compare(Fixtures.HOSTILE), ReportFormat.MARKDOWN);

        assertThat(markdown).doesNotContain("<script>", "<img", "[x](").contains("\\[x\\](javascript");
        assertThat(markdown).contains("a,b\\|c\"d e&lt;script&gt;alert(2)&lt;/script&gt;");
        for (String line : markdown.split("\n")) {
            if (line.startsWith("|")) {
                int cells = line.replace("\\|", "").split("\\|", -1).length;
                String header = markdown.lines().filter(l -> l.startsWith("| framework |")).findFirst().orElseThrow();
                if (line.startsWith("| ") && !line.startsWith("| vs ") && !line.startsWith("|   |") && (line.contains("safe") || line.contains("a,b"))
                        && !line.contains("ratio")) {
                    assertThat(cells).as(line).isEqualTo(header.split("\\|", -1).length);
                }
            }
        }
    }
}
