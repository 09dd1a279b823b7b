package dev.tokenbench.cli;

import dev.tokenbench.report.Comparison;
import dev.tokenbench.report.ReportFormat;
import dev.tokenbench.report.ReportSource;
import dev.tokenbench.report.Reports;
import dev.tokenbench.sweep.RoundViews;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code report}: turns JMH result files into comparison reports; a thin layer over {@link Reports}. */
@Command(name = "report", description = {
    "Turns JMH result files into the comparison report: Markdown (report.md), one self-contained HTML file (report.html),"
            + " CSV (report.csv), JSON (report.json) and charts (charts/*.png, charts/*.svg).",
    "Rows are grouped by workload (benchmark, model, precision, batch, prompt and new tokens, threads), one per framework (or per run"
            + " when a framework appears in several inputs), with ratios to the baseline, 95% Fieller intervals and Welch's t-test on"
            + " per-iteration values. env.json, samples.jsonl and failures.json beside a results file are read when present.",
    "",
    "Examples:",
    "  java -jar target/benchmarks.jar report results/runs/20261128T142326Z-1f25e4b7c2",
    "  java -jar target/benchmarks.jar report old/jmh.json new/jmh.json --out report --format md,html --baseline-framework djl-pytorch",
    "  java -jar target/benchmarks.jar report results/load/serve-djl results/load/serve-llamacpp --out report-load",
    "",
})
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "JMH JSON files, run folders (holding jmh.json) or sweep folders"
            + " (holding index.json: its rounds are pooled, each configuration's rounds being the replicates of its"
            + " intervals and tests), merged; or load folders (holding load.json, as 'load' writes them), compared episode by episode.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the input's folder for one run folder or file, else ./report).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMATS", split = ",",
            description = "Outputs, comma-separated: md, html, csv, json, png, svg (default: all).")
    List<String> formats = new ArrayList<>(List.of("md", "html", "csv", "json", "png", "svg"));

    @Option(names = "--baseline-framework", paramLabel = "NAME",
            description = "Framework (or run folder name) every row is compared with (default: the framework in most workloads; never fake when a real one exists);"
                    + " for load folders, the load run's folder name (default: the first).")
    String baselineFramework;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Set<ReportFormat> wanted = ReportFormat.parse(formats);
        long loads = inputs.stream().filter(Reports::isLoadRun).count();
        if (loads > 0 && loads < inputs.size()) {
            throw new UsageException("report: " + inputs.stream().filter(Reports::isLoadRun).findFirst().get() + " is a load run and "
                    + inputs.stream().filter(p -> !Reports.isLoadRun(p)).findFirst().get() + " is not: a report compares benchmark runs"
                    + " or load runs, not both; run report once for each");
        }
        if (loads > 0) {
            Path folder = out != null ? out : defaultFolder(inputs);
            print(folder, Reports.generateLoadReport(inputs, Optional.ofNullable(baselineFramework), folder, wanted));
            return ExitCodes.OK;
        }
        Comparison comparison = Reports.compareSources(sources(inputs), Optional.ofNullable(baselineFramework));
        Path folder = out != null ? out : defaultFolder(inputs);
        print(folder, Reports.generateReport(comparison, folder, wanted));
        return ExitCodes.OK;
    }

    private void print(Path folder, List<Path> written) {
        PrintWriter printer = spec.commandLine().getOut();
        printer.println("Report: " + folder + " (" + written.size() + " files)");
        for (Path file : written) {
            printer.println("  " + file);
        }
    }

    /**
     * The inputs, every sweep folder as its rounds ({@link RoundViews}: one run folder per round), which the report pools
     * with the rounds as replicates.
     */
    static List<ReportSource> sources(List<Path> inputs) throws IOException {
        List<ReportSource> sources = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input) && RoundViews.isSweep(input)) {
                List<Path> rounds = RoundViews.write(input);
                if (rounds.isEmpty()) {
                    throw new UsageException(input + ": a sweep with no finished run yet; run it first");
                }
                sources.add(ReportSource.sweep(input, rounds));
            } else {
                sources.add(ReportSource.of(input));
            }
        }
        return sources;
    }

    /** The run folder (or the file's folder) of a single input; {@code report} for several. */
    static Path defaultFolder(List<Path> inputs) {
        if (inputs.size() == 1) {
            Path input = inputs.get(0);
            if (Files.isDirectory(input)) {
                return input;
            }
            Path parent = input.getParent();
            return parent == null ? Path.of(".") : parent;
        }
        return Path.of("report");
    }
}
