package dev.tokenbench.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, built with XChart: the {@linkplain ScalingViews scaling views} (output tokens/s against batch
 * size, TTFT against prompt length, ITL against context length, peak RSS against batch size, output tokens/s against
 * ITL with each line's Pareto frontier; small multiples, one panel per model, 95% intervals as error bars), then ITL
 * p50 and p99, peak memory and achieved % of limit per row as bars. The {@code fake} engine is in no chart (its
 * harness cost is in the tables). A chart with nothing to plot (a single batch size, say) is skipped with the reason.
 */
final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 520;
    /** More lines than this make a chart unreadable: skipped, the tables hold every row. */
    static final int MAX_SERIES = 16;
    /** More bars than this make a chart unreadable. */
    static final int MAX_BARS = 24;
    /** Values spanning more than this factor get a logarithmic axis. */
    private static final double LOG_RANGE = 100;
    /** How to read the labels. */
    private static final String LEGEND = " Labels: framework, then what differs: model, b = batch, p = prompt tokens, n = new tokens, t = threads.";

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /** Width and height of one panel of small multiples. */
    static final int PANEL_WIDTH = 640;
    static final int PANEL_HEIGHT = 460;

    /** The charts (or their skip reasons), in report order: the scaling views, then the bars. */
    static List<ReportChart> of(Comparison comparison) {
        List<String> sources = comparison.sources();
        List<ComparedRow> rows = new ArrayList<>();
        for (WorkloadGroup group : comparison.groups()) {
            for (ComparedRow row : group.rows()) {
                if (!row.row().isFailed() && !row.row().framework().equals(ReportRow.FAKE_FRAMEWORK)) {
                    rows.add(row);
                }
            }
        }
        List<ReportChart> charts = new ArrayList<>();
        for (ScalingViews.View view : ScalingViews.of(comparison)) {
            charts.add(scaling(view));
        }
        charts.add(bars(rows, "itl-per-framework", "Inter-token latency per framework", "ITL (ms)", List.of(Metric.ITL_P50, Metric.ITL_P99), sources));
        charts.add(bars(rows, "memory-per-framework", "Peak memory per framework", "memory (MiB)", List.of(Metric.PEAK_RSS, Metric.HEAP_PEAK), sources));
        charts.add(bars(rows, "limit-per-framework", "Achieved % of limit per framework and batch size", "% of limit",
                List.of(Metric.DECODE_SHARE_OF_BANDWIDTH, Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT, Metric.PREFILL_SHARE_OF_GEMM_PEAK), sources));
        return List.copyOf(charts);
    }

    /** A scaling view as small multiples: one XChart per panel, error bars where the points have intervals. */
    static ReportChart scaling(ScalingViews.View view) {
        ScalingViews.Kind kind = view.kind();
        if (view.skipped().isPresent()) {
            return ReportChart.skipped(kind.chartName, kind.title, view.skipped().get());
        }
        boolean single = view.panels().size() == 1;
        List<org.knowm.xchart.internal.chartpart.Chart<?, ?>> panels = new ArrayList<>();
        int lines = 0;
        boolean anyErrorBars = false;
        for (ScalingViews.Panel panel : view.panels()) {
            XYChart chart = new XYChartBuilder().width(single ? WIDTH : PANEL_WIDTH).height(single ? HEIGHT : PANEL_HEIGHT)
                    .title(single ? kind.title + " (" + panel.title() + ")" : panel.title()).xAxisTitle(kind.xTitle).yAxisTitle(kind.yTitle).build();
            style(chart.getStyler());
            chart.getStyler().setMarkerSize(7);
            chart.getStyler().setErrorBarsColorSeriesColor(true);
            chart.getStyler().setYAxisMin(0.0);
            Color[] colors = chart.getStyler().getSeriesColors();
            Set<String> used = new LinkedHashSet<>();
            int index = 0;
            for (ScalingViews.Series series : panel.series()) {
                Color color = colors[index++ % colors.length];
                double[] xs = series.points().stream().mapToDouble(ScalingViews.Point::x).toArray();
                double[] ys = series.points().stream().mapToDouble(ScalingViews.Point::y).toArray();
                boolean errorBars = series.points().stream().allMatch(p -> p.halfWidth().isPresent());
                anyErrorBars |= errorBars;
                String label = unique(series.label(), used);
                var line = errorBars ? chart.addSeries(label, xs, ys, series.points().stream().mapToDouble(p -> p.halfWidth().getAsDouble()).toArray())
                        : chart.addSeries(label, xs, ys);
                line.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color).setLineColor(color);
                lines++;
                if (kind == ScalingViews.Kind.THROUGHPUT_VS_LATENCY) {
                    double[] fx = series.points().stream().filter(ScalingViews.Point::frontier).mapToDouble(ScalingViews.Point::x).toArray();
                    double[] fy = series.points().stream().filter(ScalingViews.Point::frontier).mapToDouble(ScalingViews.Point::y).toArray();
                    chart.addSeries(unique(series.label() + " Pareto frontier", used), fx, fy).setMarker(SeriesMarkers.DIAMOND)
                            .setMarkerColor(color).setLineColor(color).setLineStyle(new java.awt.BasicStroke(3f));
                }
            }
            panels.add(chart);
        }
        String caption = kind.yTitle + " against " + kind.xTitle + (single ? "" : ", one panel per " + String.join(" and ",
                kind.panelDimensions())) + ", one line per framework and workload (" + lines + (lines == 1 ? " line)." : " lines).")
                + (kind == ScalingViews.Kind.THROUGHPUT_VS_LATENCY ? " Points run from the smallest batch size to the largest;"
                        + " diamonds joined by a thick line mark each line's Pareto frontier (no other point of the line has a lower ITL"
                        + " and a higher throughput)." : "")
                + (anyErrorBars ? " Error bars: the 95% interval of the mean of each point's replicates (rounds of a sweep, else"
                        + " iterations)." : "")
                + (view.notes().isEmpty() ? "" : " " + String.join(" ", view.notes())) + LEGEND;
        return new ReportChart(kind.chartName, kind.title, caption, panels, Optional.empty());
    }

    /** The dimensions of a row other than the chart's x axis, by name. */
    private static Map<String, String> dimensions(ComparedRow row, String xName) {
        WorkloadKey k = row.row().workload();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("framework", row.row().framework());
        d.put("run", row.row().source());
        d.put("benchmark", shortName(k.benchmark()));
        d.put("mode", k.mode());
        d.put("model", k.model());
        d.put("precision", k.precision());
        if (!xName.equals("batch size")) {
            d.put("batch", k.batchSize());
        }
        if (!xName.equals("prompt length")) {
            d.put("prompt", k.promptTokens());
        }
        d.put("new", k.newTokens());
        d.put("threads", k.threads());
        return d;
    }

    /** Short names of the dimensions in labels: {@code djl-pytorch tiny b4 p128 run2}. */
    private static final Map<String, String> SHORT = Map.of("batch", "b", "prompt", "p", "new", "n", "threads", "t", "run", "run");

    /** A label made of the framework and every other dimension that varies among {@code all}, in short form. */
    static String label(Map<String, String> mine, List<Map<String, String>> all, List<String> sources) {
        boolean noFramework = mine.get("framework").equals(WorkloadKey.ABSENT);
        StringBuilder label = new StringBuilder(noFramework ? mine.get("benchmark") : mine.get("framework"));
        for (String dimension : mine.keySet()) {
            if (dimension.equals("framework") || noFramework && dimension.equals("benchmark")) {
                continue;
            }
            Set<String> values = new LinkedHashSet<>();
            all.forEach(d -> values.add(d.get(dimension)));
            if (values.size() > 1) {
                String value = dimension.equals("run") ? Integer.toString(sources.indexOf(mine.get(dimension)) + 1) : mine.get(dimension);
                label.append(' ').append(SHORT.getOrDefault(dimension, "")).append(value);
            }
        }
        return label.toString();
    }

    /** {@code GenerationLatency} from {@code GenerationLatencyBenchmark.generate}: enough to tell benchmarks apart in a label. */
    static String shortName(String benchmark) {
        int dot = benchmark.indexOf('.');
        String owner = dot > 0 ? benchmark.substring(0, dot) : benchmark;
        return owner.endsWith("Benchmark") && owner.length() > "Benchmark".length() ? owner.substring(0, owner.length() - "Benchmark".length()) : owner;
    }

    /** "run1 = <source>, ..." when the labels name runs. */
    private static String runKey(List<Map<String, String>> all, List<String> sources) {
        Set<String> runs = new LinkedHashSet<>();
        all.forEach(d -> runs.add(d.get("run")));
        if (runs.size() < 2) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String run : runs) {
            parts.add("run" + (sources.indexOf(run) + 1) + " = " + run);
        }
        return " Runs: " + String.join(", ", parts) + ".";
    }

    /** The workload dimensions other than framework and run that vary among the rows: a fairness note. */
    private static String differing(List<Map<String, String>> all) {
        List<String> differ = new ArrayList<>();
        for (String dimension : List.of("precision", "batch", "prompt", "new", "threads")) {
            Set<String> seen = new LinkedHashSet<>();
            for (Map<String, String> d : all) {
                if (d.containsKey(dimension)) {
                    seen.add(d.get(dimension));
                }
            }
            if (seen.size() > 1) {
                differ.add(dimension + " (" + String.join(", ", seen) + ")");
            }
        }
        return differ.isEmpty() ? "" : " Not like for like: the plotted rows differ in " + String.join(", ", differ)
                + "; the labels name each.";
    }

    private static ReportChart bars(List<ComparedRow> rows, String name, String title, String yTitle, List<Metric> metrics,
                                    List<String> sources) {
        List<ComparedRow> present = rows.stream().filter(r -> metrics.stream().anyMatch(m -> r.row().value(m).isPresent())).toList();
        if (present.isEmpty()) {
            return ReportChart.skipped(name, title, "no row has " + metrics.get(0).title());
        }
        if (present.size() > MAX_BARS) {
            return ReportChart.skipped(name, title, present.size() + " rows are too many for one bar chart (at most " + MAX_BARS
                    + "); the tables hold every row");
        }
        List<Map<String, String>> keys = present.stream().map(r -> dimensions(r, "")).toList();
        List<String> categories = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (Map<String, String> key : keys) {
            categories.add(unique(label(key, keys, sources), used));
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT + 200).title(title).xAxisTitle("framework and workload")
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        // vertical labels sit under their bars; XChart shifts slanted ones a slot right and clips the last
        chart.getStyler().setXAxisLabelRotation(categories.size() > 4 ? 90 : 0);
        chart.getStyler().setOverlapped(false);
        // XChart drops category labels closer than its spacing hint (74 px): every bar needs its label.
        chart.getStyler().setXAxisTickMarkSpacingHint(8);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        boolean gaps = false;
        List<String> drawn = new ArrayList<>();
        for (Metric metric : metrics) {
            List<Number> values = new ArrayList<>();
            boolean any = false;
            for (ComparedRow row : present) {
                OptionalDouble value = row.row().value(metric);
                double shown = value.isPresent() ? metric.toDisplay(value.getAsDouble()) : 0;
                any |= value.isPresent();
                gaps |= shown <= 0;
                if (value.isPresent() && shown > 0) {
                    min = Math.min(min, shown);
                    max = Math.max(max, shown);
                }
                values.add(shown);
            }
            if (any) {
                chart.addSeries(metric.title(), categories, values);
                drawn.add(metric.title());
            }
        }
        // XChart draws bars from zero, so a bar chart keeps a linear axis; a note says when small bars are hard to read.
        boolean wide = !gaps && min > 0 && max / min > LOG_RANGE;
        String caption = String.join(" and ", drawn) + " of each row (" + present.size() + " rows)." + (wide
                ? " The values span more than " + (int) LOG_RANGE + "x: the tables give the small ones exactly." : "") + differing(keys)
                + runKey(keys, sources) + LEGEND;
        return new ReportChart(name, title, caption, chart);
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setAntiAlias(true);
    }

    private static String unique(String label, Set<String> used) {
        String candidate = label;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = label + " #" + i;
        }
        return candidate;
    }
}
