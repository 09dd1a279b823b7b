package dev.tokenbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report a person reads, as a list of plain-text blocks that the Markdown and HTML renderers turn into their
 * own syntax (each escaping every string its own way), so both always hold the same content.
 */
final class ReportDocument {

    /** A block of the document. */
    sealed interface Block permits Heading, Paragraph, Bullets, Table, Figure {
    }

    /** A heading, level 1 to 3. */
    record Heading(int level, String text, String anchor) implements Block {
    }

    /** A paragraph of plain text. */
    record Paragraph(String text) implements Block {
    }

    /** A bulleted list. */
    record Bullets(List<String> items) implements Block {
    }

    /**
     * A table; {@code numeric} columns are right-aligned.
     *
     * @param marked rows to emphasise (the baseline), by index
     */
    record Table(List<String> header, List<List<String>> rows, List<Boolean> numeric, List<Boolean> marked) implements Block {
    }

    /** A chart, or the reason it was skipped. */
    record Figure(ReportChart chart) implements Block {
    }

    private ReportDocument() {
    }

    /** The columns of a workload's second table, shown when some row has a roofline figure. */
    static final List<Metric> ROOFLINE_COLUMNS = List.of(Metric.DECODE_TOKENS_PER_SECOND, Metric.DECODE_BANDWIDTH,
            Metric.DECODE_SHARE_OF_BANDWIDTH, Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT, Metric.PREFILL_TOKENS_PER_SECOND, Metric.PREFILL_FLOPS,
            Metric.PREFILL_SHARE_OF_GEMM_PEAK);

    static final String LIMITS_METHOD = "Decode bandwidth = (weight bytes + KV-cache bytes read per step) x decode steps / decode"
            + " time, with the bytes the engine states for the precision it ran; decode / bandwidth is that over the machine's"
            + " streaming bandwidth from the run's calibration, decode / framework limit is decode tokens/s over the rate of the"
            + " framework's own weight products at the same batch size. Prefill compute = (2 x layer parameters + attention FLOP) per"
            + " prompt token, plus the head once per sequence, x prefill tokens/s, over the calibration's F32 GEMM peak. GB = 1e9 bytes, GFLOP = 1e9 FLOP;"
            + " - means not computable (the notes below say why).";

    /** Whether some row of the group has a roofline figure. */
    static boolean hasRoofline(WorkloadGroup group) {
        return group.rows().stream().anyMatch(r -> Metric.ROOFLINE.stream().anyMatch(m -> r.row().value(m).isPresent()));
    }

    /** The figures of the main table, in column order; agreement only when some row has it. */
    static List<Metric> columns(Comparison comparison) {
        List<Metric> columns = new ArrayList<>(List.of(Metric.TTFT_P50, Metric.TTFT_P99, Metric.ITL_MEAN, Metric.ITL_P99, Metric.TPOT_MEAN,
                Metric.OUTPUT_TOKENS_PER_SECOND, Metric.PREFILL_TOKENS_PER_SECOND, Metric.DECODE_TOKENS_PER_SECOND, Metric.PEAK_RSS,
                Metric.HEAP_PEAK, Metric.MEMORY_EFFICIENCY));
        boolean agreement = comparison.groups().stream().flatMap(g -> g.rows().stream()).anyMatch(r -> r.row().value(Metric.AGREEMENT).isPresent());
        if (agreement) {
            columns.add(Metric.AGREEMENT);
        }
        return columns;
    }

    static List<Block> of(Comparison comparison, List<ReportChart> charts) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Heading(1, "tokenbench report", "top"));
        blocks.add(new Paragraph("Inputs: " + String.join(", ", comparison.sources()) + ". " + countRows(comparison) + ". "
                + comparison.baseline().map(b -> "Baseline: " + b + " (every ratio is row / baseline, in the baseline's workload).")
                        .orElse("No baseline: no row can be compared.")));
        summary(comparison, blocks);
        scaling(comparison, charts, blocks);
        if (!comparison.failures().isEmpty()) {
            blocks.add(new Heading(2, "Failed configurations", "failed"));
            blocks.add(new Paragraph(runs(comparison.failures().size()) + " produced no result; each with its reason:"));
            blocks.add(new Bullets(comparison.failures()));
        }
        blocks.add(new Heading(2, "Fairness", "fairness"));
        List<String> notes = new ArrayList<>(comparison.fairness());
        for (WorkloadGroup group : comparison.groups()) {
            for (String note : group.fairness()) {
                notes.add(group.workload().describe() + ": " + note);
            }
        }
        if (notes.isEmpty()) {
            blocks.add(new Paragraph("Every compared row shares its workload (model, precision, batch, prompt and new tokens, threads)"
                    + " and its machine."));
        } else {
            blocks.add(new Bullets(notes));
        }
        List<ServingOverhead> overheads = ServingOverhead.of(comparison);
        if (!overheads.isEmpty()) {
            blocks.add(new Heading(2, "Serving overhead", "serving-overhead"));
            blocks.add(new Paragraph(SERVING_OVERHEAD_METHOD));
            blocks.add(servingOverheadTable(overheads));
        }
        blocks.add(new Heading(2, "Results by workload", "results"));
        blocks.add(new Paragraph("Times in ms, throughputs in tokens/s, memory in MiB (1 MiB = 1048576 bytes); tok/s per GiB is output"
                + " tokens/s per GiB of peak RSS. Figures are merged over every iteration and fork (percentiles of all samples, totals over"
                + " totals); - means not measured."));
        List<Metric> columns = columns(comparison);
        int index = 0;
        for (WorkloadGroup group : comparison.groups()) {
            index++;
            blocks.add(new Heading(3, group.workload().describe(), "workload-" + index));
            blocks.add(figuresTable(group, columns));
            if (hasRoofline(group)) {
                blocks.add(figuresTable(group, ROOFLINE_COLUMNS));
            }
            group.baseline().ifPresent(b -> {
                if (group.rows().size() > 1) {
                    blocks.add(ratioTable(group, comparison));
                }
            });
            List<String> groupNotes = new ArrayList<>(group.fairness());
            for (ComparedRow row : group.rows()) {
                if (row.row().rssSinceForkStart()) {
                    groupNotes.add(row.label() + ": peak RSS is since fork start (the kernel could not reset it per iteration)");
                }
                if (row.row().itlRule().equals(ReportRow.ITL_RULE_CHUNKED)) {
                    groupNotes.add(row.label() + ": chunked, " + Formats.count(row.row().value(Metric.REQUESTS_CHUNKED).getAsDouble())
                            + " requests (requests.chunked) had server-sent events carrying several tokens at once; its ITL follows the chunked-ITL"
                            + " rule: each event's gap spread evenly over its tokens (docs/metrics.md, itl.*)");
                }
            }
            if (comparison.baseline().isPresent() && group.rows().size() > 1) {
                if (group.baseline().isEmpty()) {
                    groupNotes.add("the baseline " + comparison.baseline().get() + " did not run this workload: no ratios");
                } else if (!group.rows().get(0).row().framework().equals(comparison.baseline().get())
                        && !group.rows().get(0).row().source().equals(comparison.baseline().get())) {
                    groupNotes.add(comparison.baseline().get() + " did not run this workload: ratios here are against " + group.baseline().get());
                }
            }
            if (!groupNotes.isEmpty()) {
                blocks.add(new Bullets(groupNotes));
            }
        }
        blocks.add(new Heading(2, "Limits", "limits"));
        blocks.add(new Paragraph(LIMITS_METHOD));
        if (!comparison.limits().isEmpty()) {
            blocks.add(new Bullets(comparison.limits()));
        }
        blocks.add(new Heading(2, "Charts", "charts"));
        for (ReportChart chart : charts) {
            if (!SCALING_CHARTS.contains(chart.name())) {
                blocks.add(new Figure(chart));
            }
        }
        blocks.add(new Heading(2, "Environment", "environment"));
        blocks.add(environment(comparison.machines()));
        blocks.add(new Heading(2, "Method", "method"));
        if (comparison.roundsPooled()) {
            blocks.add(new Paragraph(ROUNDS_METHOD));
        }
        blocks.add(new Paragraph("Ratios compare each row with the baseline row of the same workload: the ratio of the means of their"
                + " per-iteration figures (each measured iteration's own figure over all forks; iterations are the independent replicates,"
                + " the tokens within a request are not). Significance: Welch's two-sided t-test on those per-iteration values at the 5%"
                + " level. 95% interval of the ratio: Fieller's, with the t quantile at the Welch-Satterthwaite degrees of freedom, so it"
                + " excludes 1 exactly when the test is significant; unbounded when the baseline's mean is not clearly above zero. Faster,"
                + " slower, less or more memory are said only when significant; otherwise no clear difference. Rows with fewer than 2"
                + " iterations are not tested."));
        return blocks;
    }

    /** The names of the scaling views' charts, shown in the Scaling section beside their tables. */
    private static final java.util.Set<String> SCALING_CHARTS = java.util.Arrays.stream(ScalingViews.Kind.values())
            .map(k -> k.chartName).collect(java.util.stream.Collectors.toUnmodifiableSet());

    static final String ROUNDS_METHOD = "Sweeps: each configuration ran once per round, every round in its own seeded random order."
            + " A sweep's figure is the mean over the configuration's rounds of each round's figure (that round's merge of its"
            + " iterations), and its replicates, for the intervals, tests and error bars, are the rounds: the iterations inside one round"
            + " share one JVM and one stretch of machine time and are not independent. Welch's test treats the rounds of two"
            + " configurations as independent samples (they ran minutes apart, in random order, so they are not paired).";

    static final String SUMMARY_METHOD = "Where each real framework leads (the fake engine, the harness-cost baseline, is left out):"
            + " per workload the leader is the best row and the lead is its figure over the runner-up's (for a time, the runner-up's"
            + " over the leader's), with its 95% interval and Welch's test on the replicates. A batch size is led by a framework when it"
            + " leads significantly at every prompt length measured there; consecutive batch sizes with the same leader form a range,"
            + " whose smallest and largest lead are given.";

    /** The summary at the top: who leads where and by how much, what the replicates are, how many runs failed. */
    private static void summary(Comparison comparison, List<Block> blocks) {
        blocks.add(new Heading(2, "Summary", "summary"));
        blocks.add(new Paragraph(SUMMARY_METHOD));
        blocks.add(new Bullets(summaryItems(comparison)));
    }

    /** The summary's items: the leads, then the replicate notes, then how many runs failed. */
    static List<String> summaryItems(Comparison comparison) {
        List<String> items = new ArrayList<>(Leaders.sentences(comparison));
        if (items.isEmpty()) {
            items.add("No workload has two real frameworks to compare.");
        }
        items.addAll(comparison.replicates());
        if (!comparison.failures().isEmpty()) {
            items.add(runs(comparison.failures().size()) + " failed: see Failed configurations.");
        }
        return items;
    }

    /** {@code 1 configuration run} or {@code 3 configuration runs}. */
    private static String runs(int count) {
        return count + (count == 1 ? " configuration run" : " configuration runs");
    }

    /** The scaling views: each chart (small multiples) and, per panel, its table of points with their 95% intervals. */
    private static void scaling(Comparison comparison, List<ReportChart> charts, List<Block> blocks) {
        blocks.add(new Heading(2, "Scaling", "scaling"));
        blocks.add(new Paragraph("Real frameworks only (the fake engine's figures are in the tables below). Each cell is the figure"
                + " ± the half-width of the 95% interval of the mean of its replicates (rounds of a sweep, else iterations), in the unit"
                + " of the table's heading; no ± with fewer than 2 replicates."));
        java.util.Map<String, ReportChart> byName = new java.util.LinkedHashMap<>();
        charts.forEach(chart -> byName.put(chart.name(), chart));
        for (ScalingViews.View view : ScalingViews.of(comparison)) {
            ScalingViews.Kind kind = view.kind();
            blocks.add(new Heading(3, kind.title, kind.chartName));
            ReportChart chart = byName.get(kind.chartName);
            if (chart != null) {
                blocks.add(new Figure(chart));
            }
            for (ScalingViews.Panel panel : view.panels()) {
                blocks.add(kind == ScalingViews.Kind.THROUGHPUT_VS_LATENCY ? latencyTable(panel) : scalingTable(kind, panel));
            }
        }
    }

    /** One panel of a view with an x axis of workload values: a row per line, a column per x value. */
    static Table scalingTable(ScalingViews.Kind kind, ScalingViews.Panel panel) {
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        panel.series().forEach(series -> series.points().forEach(point -> xs.add(point.x())));
        List<String> header = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        header.add(panel.title() + ": " + kind.yTitle + " by " + kind.xTitle);
        numeric.add(false);
        for (double x : xs) {
            header.add(Formats.human(x));
            numeric.add(true);
        }
        List<List<String>> rows = new ArrayList<>();
        for (ScalingViews.Series series : panel.series()) {
            List<String> cells = new ArrayList<>();
            cells.add(series.label());
            for (double x : xs) {
                cells.add(series.points().stream().filter(p -> p.x() == x).findFirst().map(ReportDocument::cell).orElse(Formats.ABSENT));
            }
            rows.add(cells);
        }
        return new Table(header, rows, numeric, rows.stream().map(r -> false).toList());
    }

    /** One panel of the throughput-vs-latency view: a row per point, in batch order, with its place on the Pareto frontier. */
    static Table latencyTable(ScalingViews.Panel panel) {
        List<String> header = List.of(panel.title(), "batch", "ITL p50 (ms)", "output tok/s", "Pareto frontier");
        List<Boolean> numeric = List.of(false, true, true, true, false);
        List<List<String>> rows = new ArrayList<>();
        for (ScalingViews.Series series : panel.series()) {
            for (ScalingViews.Point point : series.points()) {
                rows.add(List.of(series.label(), point.batchSize(), Formats.human(point.x()), cell(point), point.frontier() ? "yes" : "no"));
            }
        }
        return new Table(header, rows, numeric, rows.stream().map(r -> false).toList());
    }

    /** {@code 123.4 ± 5.6}, or the figure alone without an interval. */
    private static String cell(ScalingViews.Point point) {
        return Formats.human(point.y()) + (point.halfWidth().isPresent() ? " ± " + Formats.human(point.halfWidth().getAsDouble()) : "");
    }

    private static String countRows(Comparison comparison) {
        long rows = comparison.groups().stream().mapToLong(g -> g.rows().size()).sum();
        long failed = comparison.groups().stream().flatMap(g -> g.rows().stream()).filter(r -> r.row().isFailed()).count();
        return comparison.groups().size() + " workloads, " + rows + " rows" + (failed > 0 ? " (" + failed + " failed)" : "");
    }

    private static Table figuresTable(WorkloadGroup group, List<Metric> columns) {
        List<String> header = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        header.add("framework");
        numeric.add(false);
        for (Metric metric : columns) {
            header.add(metric.kind() == Metric.Kind.THROUGHPUT ? metric.title() : metric.title() + " (" + metric.displayUnit() + ")");
            numeric.add(true);
        }
        List<List<String>> rows = new ArrayList<>();
        List<Boolean> marked = new ArrayList<>();
        for (ComparedRow row : group.rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(row.label() + (row.baseline() ? " (baseline)" : ""));
            if (row.row().isFailed()) {
                cells.add("failed: " + row.row().failure().get());
                for (int i = 1; i < columns.size(); i++) {
                    cells.add("");
                }
            } else {
                for (Metric metric : columns) {
                    cells.add(Formats.display(metric, row.row().value(metric)));
                }
            }
            rows.add(cells);
            marked.add(row.baseline());
        }
        return new Table(header, rows, numeric, marked);
    }

    /** What the serving-overhead table shows. */
    static final String SERVING_OVERHEAD_METHOD = "Each openai row on serve:FRAMEWORK/MODEL (FRAMEWORK's engine behind tokenbench's serve in the"
            + " fork, reached over loopback HTTP) over FRAMEWORK's in-process row of MODEL with the same benchmark, precision, batch, prompt,"
            + " new tokens and threads: HTTP / in-process, with the 95% interval and test of every ratio of this report. Above 1 for a time,"
            + " below 1 for a throughput, is what serving over HTTP costs.";

    private static Table servingOverheadTable(List<ServingOverhead> overheads) {
        List<String> header = new ArrayList<>(List.of("HTTP row", "in-process row", "workload"));
        List<Boolean> numeric = new ArrayList<>(List.of(false, false, false));
        for (Metric metric : ServingOverhead.FIGURES) {
            header.add(metric.title() + ": HTTP / in-process [95% CI]");
            numeric.add(false);
        }
        List<List<String>> rows = new ArrayList<>();
        List<Boolean> marked = new ArrayList<>();
        for (ServingOverhead overhead : overheads) {
            List<String> cells = new ArrayList<>(List.of(overhead.httpLabel() + " on " + overhead.httpWorkload().model(), overhead.inProcessLabel(),
                    overhead.inProcessWorkload().describe()));
            for (Metric metric : ServingOverhead.FIGURES) {
                RatioEstimate estimate = overhead.ratios().get(metric);
                cells.add(estimate == null ? Formats.ABSENT : describe(metric, estimate, overhead.httpReplicates(), overhead.inProcessReplicates()));
            }
            rows.add(cells);
            marked.add(false);
        }
        return new Table(header, rows, numeric, marked);
    }

    private static Table ratioTable(WorkloadGroup group, Comparison comparison) {
        String baselineUnit = group.rows().stream().filter(ComparedRow::baseline).findFirst()
                .map(b -> comparison.replicateUnit(b.row())).orElse("iterations");
        List<String> header = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        header.add("vs " + group.baseline().orElseThrow());
        numeric.add(false);
        for (Metric metric : Metric.HEADLINE) {
            header.add(metric.title() + ": ratio [95% CI], verdict");
            numeric.add(false);
        }
        List<List<String>> rows = new ArrayList<>();
        List<Boolean> marked = new ArrayList<>();
        for (ComparedRow row : group.rows()) {
            if (row.baseline() || row.row().isFailed()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            cells.add(row.label());
            for (Metric metric : Metric.HEADLINE) {
                RatioEstimate estimate = row.ratios().get(metric);
                cells.add(estimate == null ? Formats.ABSENT : describe(metric, estimate, comparison.replicateUnit(row.row()), baselineUnit));
            }
            rows.add(cells);
            marked.add(false);
        }
        return new Table(header, rows, numeric, marked);
    }

    /** {@code 1.234x [1.101, 1.38] faster (p=0.0012, 10 vs 10 iterations)}, in iterations of a run, in rounds of a sweep. */
    static String describe(Metric metric, RatioEstimate estimate) {
        return describe(metric, estimate, "iterations", "iterations");
    }

    /**
     * {@code 1.234x [1.101, 1.38] faster (p=0.0012, 3 vs 3 rounds)}: the replicates of the row and of the baseline named by
     * {@code unit} and {@code baselineUnit} ({@code rounds} or {@code iterations}), once when they are the same.
     */
    static String describe(Metric metric, RatioEstimate estimate, String unit, String baselineUnit) {
        String text = Formats.ratio(estimate.ratio());
        if (estimate.verdict() == Verdict.NOT_TESTED) {
            return text + ", " + Formats.verdict(metric, estimate);
        }
        String counts = unit.equals(baselineUnit)
                ? estimate.iterations() + " vs " + estimate.baselineIterations() + " " + unit
                : estimate.iterations() + " " + unit + " vs " + estimate.baselineIterations() + " " + baselineUnit;
        return text + " " + Formats.interval(estimate) + " " + Formats.verdict(metric, estimate) + " (" + Formats.pValue(estimate.pValue())
                + ", " + counts + ")";
    }

    /** The machines' facts side by side, one column per input ({@code machines}: input label to machine). */
    static Block environment(Map<String, Machine> machines) {
        if (machines.isEmpty()) {
            return new Paragraph("No env.json beside the inputs: the machine is unknown.");
        }
        List<String> header = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        header.add("");
        numeric.add(false);
        for (String source : machines.keySet()) {
            header.add(source);
            numeric.add(false);
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("CPU", machines, Machine::cpuModel));
        rows.add(row("cores", machines, m -> Integer.toString(m.cores())));
        rows.add(row("memory", machines, m -> m.memoryBytes().isPresent()
                ? Formats.human(m.memoryBytes().getAsLong() / (1024.0 * 1024 * 1024)) + " GiB" : Formats.ABSENT));
        rows.add(row("OS", machines, Machine::os));
        rows.add(row("JVM", machines, Machine::jvm));
        rows.add(row("versions", machines, Machine::versions));
        rows.add(row("git commit", machines, m -> m.gitCommit().orElse(Formats.ABSENT)));
        rows.add(row("date (UTC)", machines, m -> m.date().orElse(Formats.ABSENT)));
        List<Boolean> marked = rows.stream().map(r -> false).toList();
        return new Table(header, rows, numeric, marked);
    }

    private static List<String> row(String name, Map<String, Machine> machines, java.util.function.Function<Machine, String> fact) {
        List<String> cells = new ArrayList<>();
        cells.add(name);
        for (Machine machine : machines.values()) {
            cells.add(fact.apply(machine));
        }
        return cells;
    }
}
