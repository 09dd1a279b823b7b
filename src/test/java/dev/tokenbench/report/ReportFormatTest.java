package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

    @Test
    void parse_commaSeparated_givesTheFormats() {
        assertThat(ReportFormat.parse(List.of("md,html", "csv"))).containsExactly(ReportFormat.MARKDOWN, ReportFormat.HTML, ReportFormat.CSV);
    }

    @Test
    void parse_unknown_namesTheValidOnes() {
        assertThatThrownBy(() -> ReportFormat.parse(List.of("md,pdf")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--format pdf: unknown format; valid: md, html, csv, json, png, svg");
    }
}
