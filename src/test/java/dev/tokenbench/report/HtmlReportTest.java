package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    /** The charts' PNG bytes depend on the fonts of the machine: the golden file holds everything else. */
    static String withoutImages(String html) {
        return html.replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,...");
    }

    @Test
    void render_realRunsOldFormatAndFailures_structureMatchesGolden() throws IOException {
        Comparison comparison = Fixtures.compare(Fixtures.SWEEP_RUN, Fixtures.DEFAULT_RUN, Fixtures.OLD_FORMAT, Fixtures.FAILED_RUN);

        String html = Reports.render(comparison, ReportFormat.HTML);

        Fixtures.assertGolden("report.html", withoutImages(html));
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(html).containsPattern("<img alt=\"Output throughput vs batch size\" src=\"data:image/png;base64,iVBORw0KGgo");
    }

    @Test
    void render_selfContained_noScriptNoExternalAsset() throws IOException {
        String html = Reports.render(Fixtures.compare(Fixtures.SWEEP_RUN), ReportFormat.HTML);

        assertThat(html).doesNotContain("<script", "<link", "http://", "https://", "src=\"/", "src=\"charts", "url(");
    }

    @Test
    void render_hostileNames_escaped() throws IOException {
        String html = Reports.render(Fixtures.compare(Fixtures.HOSTILE), ReportFormat.HTML);

        assertThat(html).doesNotContain("<script", "<img src=x", "onerror=alert(3)>")
                .contains("a,b|c&quot;d\ne&lt;script&gt;alert(2)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(3)&gt;");
    }
}
