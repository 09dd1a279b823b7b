package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReportTest {

    @Test
    void render_realRunsOldFormatAndFailures_matchesGolden() throws IOException {
        Comparison comparison = Fixtures.compare(Fixtures.SWEEP_RUN, Fixtures.DEFAULT_RUN, Fixtures.OLD_FORMAT, Fixtures.FAILED_RUN);

        Fixtures.assertGolden("report.csv", Reports.render(comparison, ReportFormat.CSV));
    }

    @Test
    void render_hostileNames_parseBackToTheSameFields() throws IOException {
        String csv = Reports.render(Fixtures.compare(Fixtures.HOSTILE), ReportFormat.CSV);

        List<List<String>> records = parse(csv);
        assertThat(records).hasSize(3);
        int columns = CsvReport.header().size();
        assertThat(records).allSatisfy(r -> assertThat(r).hasSize(columns));
        int framework = CsvReport.header().indexOf("framework");
        int benchmark = CsvReport.header().indexOf("benchmark");
        assertThat(records.get(1).get(framework)).isEqualTo("a,b|c\"d\ne<script>alert(2)</script>");
        assertThat(records.get(2).get(benchmark)).isEqualTo("<script>alert(1)</script>.run\"quoted\",comma|pipe");
    }

    /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
    static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && csv.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return records;
    }
}
