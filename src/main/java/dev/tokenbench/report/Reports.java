package dev.tokenbench.report;

import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.measure.AtomicFiles;
import dev.tokenbench.measure.BenchmarkResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The report post-processor as a library: compare results, render the report, plot the comparison.
 *
 * <pre>{@code
 * Comparison comparison = Reports.compareFiles(List.of(Path.of("results/runs/20261128T142326Z-1f25e4b")), Optional.empty());
 * List<Path> written = Reports.generateReport(comparison, Path.of("report"), EnumSet.allOf(ReportFormat.class));
 * // or, from the plain Java API:
 * Comparison api = Reports.compareResults(List.of(resultA, resultB), Optional.of("djl-pytorch"));
 * String markdown = Reports.render(api, ReportFormat.MARKDOWN);
 * }</pre>
 */
public final class Reports {

    private Reports() {
    }

    /**
     * Reads JMH result files or run folders (merged) and compares them.
     *
     * @param inputs            files or run folders, at least one
     * @param baselineFramework the baseline framework or run label; absent: chosen as {@link Comparison} describes
     * @throws IllegalArgumentException one line naming the file and what is wrong with it (missing, empty,
     *                                  malformed, not JMH, no token metrics), or an unknown baseline
     */
    public static Comparison compareFiles(List<Path> inputs, Optional<String> baselineFramework) throws IOException {
        return compareSources(inputs.stream().map(ReportSource::of).toList(), baselineFramework);
    }

    /**
     * Reads results files, run folders and sweeps' rounds (each sweep pooled into one input whose replicates are its
     * rounds) and compares them.
     *
     * @throws IllegalArgumentException as {@link #compareFiles}
     */
    public static Comparison compareSources(List<ReportSource> inputs, Optional<String> baselineFramework) throws IOException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input: give one or more JMH JSON files or run folders");
        }
        List<ReportInput> read = new ArrayList<>();
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (ReportSource input : inputs) {
            ReportInput one = read(input);
            int seen = labels.merge(one.source(), 1, Integer::sum);
            if (seen > 1) {
                one = relabel(one, one.source() + "#" + seen);
            }
            read.add(one);
        }
        return Comparison.of(read, baselineFramework);
    }

    private static ReportInput read(ReportSource input) throws IOException {
        if (!input.isSweep()) {
            return JmhResultReader.read(input.path());
        }
        String label = name(input.path());
        List<ReportInput> rounds = new ArrayList<>();
        for (Path round : input.rounds()) {
            rounds.add(JmhResultReader.read(round));
        }
        if (rounds.size() == 1) {
            ReportInput only = relabel(rounds.get(0), label);
            return new ReportInput(label, only.rows(), only.machine(), only.limitNotes(), only.forks(), java.util.OptionalInt.of(1),
                    only.failures());
        }
        return RoundPool.pool(label, rounds);
    }

    private static String name(Path path) {
        Path fileName = path.toAbsolutePath().normalize().getFileName();
        return fileName == null ? path.toString() : fileName.toString();
    }

    /** The report's summary lines: who leads where and by how much (with intervals), what the replicates are, failures. */
    public static List<String> summary(Comparison comparison) {
        return ReportDocument.summaryItems(comparison);
    }

    /** Compares plain-API results (their requests serve as iterations); see {@link #compareFiles}. */
    public static Comparison compareResults(List<BenchmarkResult> results, Optional<String> baselineFramework) {
        return Comparison.of(List.of(ResultRows.of(results)), baselineFramework);
    }

    /** The report in one text format (Markdown, HTML with charts embedded, CSV or JSON). */
    public static String render(Comparison comparison, ReportFormat format) throws IOException {
        List<ReportChart> charts = Charts.of(comparison);
        return switch (format) {
            case MARKDOWN -> MarkdownReport.render(ReportDocument.of(comparison, charts));
            case HTML -> HtmlReport.render(ReportDocument.of(comparison, charts), images(charts, false));
            case CSV -> CsvReport.render(comparison);
            case JSON -> JsonReport.render(comparison, charts);
            case PNG, SVG -> throw new IllegalArgumentException(format.option() + " is an image format: use plotComparison");
        };
    }

    /** The five charts of the comparison, each drawn or with the reason it was skipped. */
    public static List<ReportChart> plotComparison(Comparison comparison) {
        return Charts.of(comparison);
    }

    /**
     * Writes the charts as {@code charts/<name>.png} and {@code .svg} under {@code outDir}.
     *
     * @return the files written
     */
    public static List<Path> plotComparison(Comparison comparison, Path outDir) throws IOException {
        return generateReport(comparison, outDir, EnumSet.of(ReportFormat.PNG, ReportFormat.SVG));
    }

    /**
     * Writes the report in {@code formats} to {@code outDir}: {@code report.md}, {@code report.html},
     * {@code report.csv}, {@code report.json}, {@code charts/*.png}, {@code charts/*.svg}. Everything is rendered
     * in memory first; each file is written under a temporary name and renamed, and if any write fails the
     * files already written are removed, so a report is complete or absent.
     *
     * @return the files written, in format order
     */
    public static List<Path> generateReport(Comparison comparison, Path outDir, Set<ReportFormat> formats) throws IOException {
        List<ReportChart> charts = Charts.of(comparison);
        return writeReport(outDir, formats, charts, () -> MarkdownReport.render(ReportDocument.of(comparison, charts)),
                pngs -> HtmlReport.render(ReportDocument.of(comparison, charts), pngs), () -> CsvReport.render(comparison),
                () -> JsonReport.render(comparison, charts));
    }

    /** Renders the wanted formats and the charts' images, then writes them all or none ({@link #writeAll}). */
    private static List<Path> writeReport(Path outDir, Set<ReportFormat> formats, List<ReportChart> charts, Supplier<String> markdown,
                                          Function<Map<String, byte[]>, String> html, Supplier<String> csv, Supplier<String> json)
            throws IOException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        Map<String, byte[]> pngs = formats.contains(ReportFormat.HTML) || formats.contains(ReportFormat.PNG) ? images(charts, false) : Map.of();
        Map<String, byte[]> svgs = formats.contains(ReportFormat.SVG) ? images(charts, true) : Map.of();
        if (formats.contains(ReportFormat.MARKDOWN)) {
            files.put(outDir.resolve(ReportFormat.MARKDOWN.fileName()), utf8(markdown.get()));
        }
        if (formats.contains(ReportFormat.HTML)) {
            files.put(outDir.resolve(ReportFormat.HTML.fileName()), utf8(html.apply(pngs)));
        }
        if (formats.contains(ReportFormat.CSV)) {
            files.put(outDir.resolve(ReportFormat.CSV.fileName()), utf8(csv.get()));
        }
        if (formats.contains(ReportFormat.JSON)) {
            files.put(outDir.resolve(ReportFormat.JSON.fileName()), utf8(json.get()));
        }
        Path chartDir = outDir.resolve(RunFolder.CHARTS_FOLDER);
        for (ReportChart chart : charts) {
            if (chart.chart().isEmpty()) {
                continue;
            }
            if (formats.contains(ReportFormat.PNG)) {
                files.put(chartDir.resolve(chart.name() + ".png"), pngs.get(chart.name()));
            }
            if (formats.contains(ReportFormat.SVG)) {
                files.put(chartDir.resolve(chart.name() + ".svg"), svgs.get(chart.name()));
            }
        }
        return writeAll(files, outDir);
    }

    /**
     * Writes the report of {@code load} runs (folders {@code load} wrote, or their {@value RunFolder#LOAD_FILE}) into
     * {@code outDir}: the same formats as a benchmark report, complete or absent ({@link LoadComparison}).
     *
     * @param baselineRun the run every ratio is taken against, by folder name; the first input when empty
     * @return the files written, in format order
     */
    public static List<Path> generateLoadReport(List<Path> inputs, Optional<String> baselineRun, Path outDir, Set<ReportFormat> formats)
            throws IOException {
        List<LoadInput> runs = new ArrayList<>();
        for (Path input : inputs) {
            runs.add(LoadInput.read(input));
        }
        LoadComparison comparison = new LoadComparison(runs, baselineRun);
        List<ReportChart> charts = comparison.charts();
        return writeReport(outDir, formats, charts, () -> MarkdownReport.render(comparison.document(charts)),
                pngs -> HtmlReport.render(comparison.document(charts), pngs), comparison::csv, () -> comparison.json(charts));
    }

    /** Whether {@code path} is a {@code load} run (a folder holding {@value RunFolder#LOAD_FILE}, or the file). */
    public static boolean isLoadRun(Path path) {
        return LoadInput.isLoad(path);
    }

    /** Writes every file atomically; on failure removes what it wrote and the folders it created. */
    private static List<Path> writeAll(Map<Path, byte[]> files, Path outDir) throws IOException {
        List<Path> createdFolders = new ArrayList<>();
        for (Path folder : List.of(outDir, outDir.resolve(RunFolder.CHARTS_FOLDER))) {
            boolean needed = files.keySet().stream().anyMatch(p -> folder.equals(p.getParent()));
            if (needed && !Files.isDirectory(folder)) {
                createdFolders.add(0, folder);
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<Path, byte[]> file : files.entrySet()) {
                AtomicFiles.write(file.getKey(), file.getValue());
                written.add(file.getKey());
            }
        } catch (IOException | RuntimeException e) {
            for (Path path : written) {
                Files.deleteIfExists(path);
            }
            for (Path folder : createdFolders) {
                try {
                    Files.deleteIfExists(folder);
                } catch (IOException ignored) {
                    // not empty: something else lives there now
                }
            }
            throw e;
        }
        return written;
    }

    /** Each drawn chart's PNG (or SVG) by chart name. */
    private static Map<String, byte[]> images(List<ReportChart> charts, boolean svg) throws IOException {
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (ReportChart chart : charts) {
            if (chart.chart().isPresent()) {
                images.put(chart.name(), svg ? chart.svg() : chart.png());
            }
        }
        return images;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ReportInput relabel(ReportInput input, String source) {
        List<ReportRow> rows = new ArrayList<>();
        for (ReportRow row : input.rows()) {
            rows.add(new ReportRow(source, row.framework(), row.workload(), row.values(), row.iterationValues(), row.primaryScore(),
                    row.primaryUnit(), row.rssSinceForkStart(), row.failure(), row.forkJvm()));
        }
        return input.relabelled(source, rows);
    }
}
