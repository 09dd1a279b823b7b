package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile run's HTML report in a real browser: headless Chromium loads it, runs whatever the page would run, and
 * dumps the DOM it ends with; a screenshot is taken too. Nothing from the data may have run (the payloads would add
 * {@code <b id="pwned">} or change the title), and every name must be on the page as text.
 *
 * <p>Opt-in: runs where Chromium is installed ({@code /usr/bin/chromium}, or the path in {@code -Dtokenbench.chromium});
 * {@code apt-get install -y chromium} on Debian. Skipped otherwise, saying so.
 */
class HtmlReportBrowserTest {

    @TempDir
    Path dir;

    @Test
    void chromium_hostileReport_runsNothingAndShowsEveryNameAsText() throws IOException, InterruptedException {
        Path chromium = Path.of(System.getProperty("tokenbench.chromium", "/usr/bin/chromium"));
        assumeTrue(Files.isExecutable(chromium), "no Chromium at " + chromium + " (apt-get install -y chromium, or -Dtokenbench.chromium=PATH):"
                + " the browser check of the HTML report is skipped");
        Path html = HostileReportTest.writeReport(dir.resolve("report"));
        Path screenshot = dir.resolve("report.png");

        String dom = chromium(chromium, List.of("--dump-dom"), html);
        chromium(chromium, List.of("--screenshot=" + screenshot, "--window-size=1300,2000"), html);

        assertThat(dom).contains("<title>tokenbench report</title>").doesNotContain("<b id=\"pwned\">", "<script", "<svg", "<img src=\"x\"");
        assertThat(dom).contains("\"&gt;&lt;img src=x onerror=\"document.body.insertAdjacentHTML('beforeend','&lt;b id=pwned&gt;&lt;/b&gt;')\"&gt;")
                .contains("=HYPERLINK(\"http://evil.example/\",\"click\")")
                .contains("&lt;/style&gt;&lt;script&gt;");
        assertThat(Files.size(screenshot)).isGreaterThan(0);
    }

    /** Runs headless Chromium on {@code html} with {@code options}; returns its standard output. */
    private String chromium(Path chromium, List<String> options, Path html) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(options);
        command.add(html.toUri().toString());
        Path stdout = dir.resolve("chromium.out");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium finished within 2 minutes").isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("chromium.err"))).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
