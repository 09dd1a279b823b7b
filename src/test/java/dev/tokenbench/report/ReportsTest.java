package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

    @TempDir
    Path dir;

    @Test
    void generateReport_allFormats_writesEveryFileAndNoTemporary() throws IOException {
        List<Path> written = Reports.generateReport(Fixtures.compare(Fixtures.SWEEP_RUN), dir, EnumSet.allOf(ReportFormat.class));

        assertThat(written).hasSize(18).allSatisfy(p -> assertThat(p).isRegularFile());
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void generateReport_unwritableTarget_leavesNothingBehind() throws IOException {
        // report.json is a folder: writing it fails after report.md and report.csv were written
        Files.createDirectories(dir.resolve("report.json").resolve("occupied"));

        assertThatThrownBy(() -> Reports.generateReport(Fixtures.compare(Fixtures.OLD_FORMAT), dir,
                EnumSet.of(ReportFormat.MARKDOWN, ReportFormat.CSV, ReportFormat.JSON))).isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.json");
        }
    }

    @Test
    void generateReport_diskFillsPartWay_leavesNoFileNoTemporaryAndNoChartsFolder() throws IOException {
        Comparison comparison = Fixtures.compare(Fixtures.SWEEP_RUN);
        Path out = dir.resolve("report");

        // The disk takes 40 KB more: the Markdown fits, the HTML with its embedded charts does not.
        assertThatThrownBy(() -> dev.tokenbench.measure.AtomicFiles.withFault(new dev.tokenbench.measure.AtomicFiles.DiskFull(40_000),
                () -> Reports.generateReport(comparison, out, EnumSet.allOf(ReportFormat.class))))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");

        assertThat(out).doesNotExist();
    }

    @Test
    void compareFiles_sameRunTwice_labelsTheSecond() throws IOException {
        Comparison comparison = Reports.compareFiles(List.of(Fixtures.OLD_FORMAT, Fixtures.OLD_FORMAT), Optional.empty());

        assertThat(comparison.sources()).containsExactly("old-format", "old-format#2");
    }

    @Test
    void compareFiles_noInput_isBadInput() {
        assertThatThrownBy(() -> Reports.compareFiles(List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no input: give one or more JMH JSON files or run folders");
    }

    /**
     * The speed check: a generated 50 MB JMH file (about 1800 rows) becomes every text report in well under
     * 5 s. Opt-in ({@code -Dreport.speed=true}) because timings on a shared machine are no pass/fail signal.
     */
    @Test
    void generateReport_50MegabyteFile_fast() throws IOException {
        assumeTrue(Boolean.getBoolean("report.speed"), "opt-in: -Dreport.speed=true");
        Path file = Path.of("target", "speed", "jmh.json");
        int rows = LargeJmhFile.write(file, 50);
        long start = System.nanoTime();
        Comparison comparison = Reports.compareFiles(List.of(file), Optional.empty());
        Reports.generateReport(comparison, dir, EnumSet.allOf(ReportFormat.class));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "report of %d rows (%d bytes): %.2f s%n", rows, Files.size(file), seconds);
        assertThat(seconds).isLessThan(5);
    }
}
