package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nu.validator.validation.SimpleDocumentValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * The HTML reports pass the Nu HTML Checker (the validator behind validator.w3.org/nu, run in-process on its bundled
 * HTML schemas): no error and no warning, for real runs and for the hostile run, whose names are attacks.
 */
class HtmlReportValidityTest {

    private static final List<String> MESSAGES = new ArrayList<>();
    private static SimpleDocumentValidator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                MESSAGES.add("warning: line " + e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void error(SAXParseException e) {
                MESSAGES.add("error: line " + e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                MESSAGES.add("fatal: line " + e.getLineNumber() + ": " + e.getMessage());
            }
        };
        validator = new SimpleDocumentValidator(true, false, false);
        validator.setUpMainSchema("http://s.validator.nu/html5-all.rnc", collect);
        validator.setUpValidatorAndParsers(collect, false, false);
    }

    private static List<String> validate(String html) throws Exception {
        MESSAGES.clear();
        validator.checkHtmlInputSource(new InputSource(new StringReader(html)));
        return List.copyOf(MESSAGES);
    }

    @Test
    void checker_brokenHtml_isCaught() throws Exception {
        assertThat(validate("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body><p><div></p></body></html>"))
                .isNotEmpty();
    }

    @Test
    void report_realRunsAndFailures_isValidHtml() throws Exception {
        String html = Reports.render(Fixtures.compare(Fixtures.SWEEP_RUN, Fixtures.DEFAULT_RUN, Fixtures.OLD_FORMAT, Fixtures.FAILED_RUN),
                ReportFormat.HTML);

        assertThat(validate(html)).isEmpty();
    }

    @Test
    void report_hostileNames_isValidHtml() throws Exception {
        String html = Files.readString(HostileReportTest.writeReport(dir));

        assertThat(validate(html)).isEmpty();
    }

    @Test
    void report_hostileNamesInTheOldFixture_isValidHtml() throws IOException, Exception {
        assertThat(validate(Reports.render(Fixtures.compare(Fixtures.HOSTILE), ReportFormat.HTML))).isEmpty();
    }
}
