package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder whose benchmark, framework, model and precision names are attacks (script and event-handler injection,
 * a {@code javascript:} link, {@code </style>}, a right-to-left override, spreadsheet formulas), rendered to every
 * format: each name comes out as inert text.
 */
class HostileReportTest {

    /** The payloads would add this element to the page if any of them ran. */
    static final String MARKER = "<b id=pwned></b>";

    static final Path HOSTILE_RUN = Fixtures.DIR.resolve("runs/20261128T160000Z-hostile");

    @TempDir
    Path out;

    /** The hostile run's report files, written as the {@code report} command writes them. */
    static Path writeReport(Path folder) throws IOException {
        Comparison comparison = Reports.compareFiles(List.of(HOSTILE_RUN), Optional.empty());
        Reports.generateReport(comparison, folder, EnumSet.of(ReportFormat.MARKDOWN, ReportFormat.HTML, ReportFormat.CSV, ReportFormat.JSON));
        return folder.resolve(ReportFormat.HTML.fileName());
    }

    @Test
    void html_hostileNames_areTextNeverMarkup() throws IOException {
        String html = Files.readString(writeReport(out));

        // Only the report's own elements: no script, image, SVG, link or second style block from the data.
        assertThat(html).doesNotContain("<script", "<img src=x", "<svg", "<a ", "href=\"", "onerror=\"", "onload=\"", "<b id=pwned>");
        assertThat(html.split("<style>", -1)).hasSize(2);
        assertThat(html.split("</style>", -1)).hasSize(2);
        assertThat(html).contains("&quot;&gt;&lt;img src=x onerror=&quot;document.body.insertAdjacentHTML(&#39;beforeend&#39;,&#39;&lt;b id=pwned&gt;&lt;/b&gt;&#39;)&quot;&gt;")
                .contains("&lt;/style&gt;&lt;script&gt;")
                .contains("&lt;a href=&quot;javascript:document.body")
                // The right-to-left override is shown as its code point, so "exe.txt" is not displayed as "txt.exe".
                .contains("[U+202E]exe.txt")
                .doesNotContain("\u202e");
    }

    @Test
    void csv_formulaNames_areTextForSpreadsheets() throws IOException {
        writeReport(out);
        List<List<String>> records = CsvReportTest.parse(Files.readString(out.resolve(ReportFormat.CSV.fileName())));
        List<String> header = records.get(0);
        int framework = header.indexOf("framework");
        int precision = header.indexOf("precision");

        assertThat(records).hasSize(4);
        assertThat(records.stream().skip(1).map(r -> r.get(framework)))
                .contains("'=HYPERLINK(\"http://evil.example/\",\"click\")");
        assertThat(records.stream().skip(1).map(r -> r.get(precision))).containsOnly("'@SUM(1+1)*cmd|' /C calc'!A0");
        // No field a spreadsheet would evaluate: every field starting with = + - @ is a number, or the lone - of an absent value.
        for (List<String> record : records) {
            for (String field : record) {
                if (!field.isEmpty() && "=+-@\t\r".indexOf(field.charAt(0)) >= 0) {
                    assertThat(field).matches("-|[+-]?[0-9.]+([eE][+-]?[0-9]+)?");
                }
            }
        }
    }

    @Test
    void markdown_hostileNames_areEscaped() throws IOException {
        writeReport(out);
        String markdown = Files.readString(out.resolve(ReportFormat.MARKDOWN.fileName()));

        assertThat(markdown).doesNotContain("<script", "<img", "<svg", "<a href", "<b id=pwned>");
    }

    @Test
    void formats_csvField_keepsNumbersAndNeutralisesFormulas() {
        assertThat(Formats.csv("-1.5")).isEqualTo("-1.5");
        assertThat(Formats.csv("+2e-3")).isEqualTo("+2e-3");
        assertThat(Formats.csv("-")).isEqualTo("-");
        assertThat(Formats.csv("--")).isEqualTo("'--");
        assertThat(Formats.csv("=1+1")).isEqualTo("'=1+1");
        assertThat(Formats.csv("-2+3")).isEqualTo("'-2+3");
        assertThat(Formats.csv("@cmd")).isEqualTo("'@cmd");
        assertThat(Formats.csv("\tx")).isEqualTo("'\tx");
        assertThat(Formats.csv("=A1,B1")).isEqualTo("\"'=A1,B1\"");
        assertThat(Formats.csv("fake")).isEqualTo("fake");
    }
}
