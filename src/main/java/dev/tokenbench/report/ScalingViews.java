package dev.tokenbench.report;

import dev.tokenbench.measure.Statistics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The scaling views of a report, the data behind its line charts and their tables: output tokens/s against batch
 * size, TTFT p50 against prompt length, ITL p50 against context length, peak RSS against batch size (one panel per
 * model, one line per framework and the other workload dimensions that vary), and output tokens/s against ITL p50
 * across batch sizes (one panel per model and prompt length, one line per framework, each line's Pareto frontier
 * marked). The {@code fake} engine is left out: it is the harness-cost baseline, not a framework, and its figures
 * stay in the tables. Every point carries the half-width of the 95% interval of the mean of its row's replicates
 * (rounds for a sweep, iterations otherwise), Student's t, where it has 2 or more.
 */
final class ScalingViews {

    /** Lines per panel beyond which a panel is unreadable: the view is skipped and the tables hold every row. */
    static final int MAX_SERIES = Charts.MAX_SERIES;

    /**
     * One point of a line.
     *
     * @param x         the x value in its display unit
     * @param y         the y value in its display unit
     * @param halfWidth the half-width of the y value's 95% interval, in the display unit; absent with fewer than 2 replicates
     * @param batchSize the row's batch size (the latency view's points are ordered by it)
     * @param frontier  whether the point is on its line's Pareto frontier (latency view only)
     */
    record Point(double x, double y, OptionalDouble halfWidth, String batchSize, boolean frontier) {
        Point {
            Objects.requireNonNull(halfWidth, "halfWidth");
            Objects.requireNonNull(batchSize, "batchSize");
        }
    }

    /** A line: its label (framework, then whatever else varies in its panel) and its points in x order (latency: batch order). */
    record Series(String label, List<Point> points) {
        Series {
            points = List.copyOf(points);
        }
    }

    /** One panel of small multiples: {@code model tiny}, or {@code model tiny, prompt 128}. */
    record Panel(String title, List<Series> series) {
        Panel {
            series = List.copyOf(series);
        }
    }

    /** Which view: how its x is read and how rows fall into panels. */
    enum Kind {
        THROUGHPUT_VS_BATCH("throughput-vs-batch", "Output throughput vs batch size", "batch size (sequences)", "output tokens/s",
                Metric.OUTPUT_TOKENS_PER_SECOND, "batch"),
        TTFT_VS_PROMPT("ttft-vs-prompt", "Time to first token (p50) vs prompt length", "prompt length (tokens)", "TTFT p50 (ms)",
                Metric.TTFT_P50, "prompt"),
        ITL_VS_CONTEXT("itl-vs-context", "Inter-token latency (p50) vs context length", "context length P + N/2 (tokens)", "ITL p50 (ms)",
                Metric.ITL_P50, "prompt"),
        RSS_VS_BATCH("rss-vs-batch", "Peak RSS vs batch size", "batch size (sequences)", "peak RSS (MiB)", Metric.PEAK_RSS, "batch"),
        THROUGHPUT_VS_LATENCY("throughput-vs-latency", "Output throughput vs inter-token latency, across batch sizes", "ITL p50 (ms)",
                "output tokens/s", Metric.OUTPUT_TOKENS_PER_SECOND, "batch");

        final String chartName;
        final String title;
        final String xTitle;
        final String yTitle;
        final Metric metric;
        /** The dimension the x axis replaces (left out of the series' labels). */
        final String xDimension;

        Kind(String chartName, String title, String xTitle, String yTitle, Metric metric, String xDimension) {
            this.chartName = chartName;
            this.title = title;
            this.xTitle = xTitle;
            this.yTitle = yTitle;
            this.metric = metric;
            this.xDimension = xDimension;
        }

        /** The dimensions that split rows into panels. */
        List<String> panelDimensions() {
            return this == THROUGHPUT_VS_LATENCY ? List.of("model", "prompt") : List.of("model");
        }
    }

    /**
     * A view: its panels, or why it is skipped.
     *
     * @param kind    which view
     * @param panels  the panels, in model order; empty when skipped
     * @param skipped why there is nothing to draw
     * @param notes   what the caption must say (lines with a single point left out, the fake engine left out)
     */
    record View(Kind kind, List<Panel> panels, Optional<String> skipped, List<String> notes) {
        View {
            panels = List.copyOf(panels);
            Objects.requireNonNull(skipped, "skipped");
            notes = List.copyOf(notes);
        }
    }

    private ScalingViews() {
    }

    /** Every view of the comparison, in report order. */
    static List<View> of(Comparison comparison) {
        List<ComparedRow> rows = new ArrayList<>();
        boolean fake = false;
        for (WorkloadGroup group : comparison.groups()) {
            for (ComparedRow row : group.rows()) {
                if (row.row().isFailed()) {
                    continue;
                }
                if (row.row().framework().equals(ReportRow.FAKE_FRAMEWORK)) {
                    fake = true;
                } else {
                    rows.add(row);
                }
            }
        }
        List<View> views = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            views.add(view(kind, rows, fake, comparison.sources()));
        }
        return views;
    }

    private static View view(Kind kind, List<ComparedRow> rows, boolean fakeLeftOut, List<String> sources) {
        // panel key -> series key -> rows
        Map<Map<String, String>, Map<Map<String, String>, List<ComparedRow>>> panels = new LinkedHashMap<>();
        List<ComparedRow> sorted = rows.stream().sorted(Comparator.comparing(r -> r.row().workload())).toList();
        for (ComparedRow row : sorted) {
            if (row.row().value(kind.metric).isEmpty() || x(kind, row).isEmpty()
                    || kind == Kind.THROUGHPUT_VS_LATENCY && row.row().value(Metric.ITL_P50).isEmpty()) {
                continue;
            }
            Map<String, String> dimensions = dimensions(row);
            Map<String, String> panel = new LinkedHashMap<>();
            for (String name : kind.panelDimensions()) {
                panel.put(name, dimensions.remove(name));
            }
            dimensions.remove(kind.xDimension);
            panels.computeIfAbsent(panel, k -> new LinkedHashMap<>()).computeIfAbsent(dimensions, k -> new ArrayList<>()).add(row);
        }
        List<String> notes = new ArrayList<>();
        if (fakeLeftOut) {
            notes.add("The fake engine is left out (its harness cost is in the tables).");
        }
        String xName = kind.xTitle.replaceAll(" \\(.*", "");
        if (panels.isEmpty()) {
            return new View(kind, List.of(), Optional.of("no framework's row has " + kind.metric.title() + " and a numeric " + xName), notes);
        }
        List<Panel> drawn = new ArrayList<>();
        int single = 0;
        for (Map.Entry<Map<String, String>, Map<Map<String, String>, List<ComparedRow>>> panel : panels.entrySet()) {
            // labels name what varies among the lines drawn: a line of a single point is not drawn
            List<Map<String, String>> keys = panel.getValue().keySet().stream().filter(key -> panel.getValue().get(key).size() >= 2).toList();
            single += panel.getValue().size() - keys.size();
            List<Series> series = new ArrayList<>();
            for (Map<String, String> key : keys) {
                series.add(new Series(Charts.label(key, keys, sources), points(kind, panel.getValue().get(key))));
            }
            if (!series.isEmpty()) {
                drawn.add(new Panel(panelTitle(panel.getKey()), series));
            }
        }
        if (single > 0) {
            notes.add(single + (single == 1 ? " line" : " lines") + " with a single " + xName + " not drawn.");
        }
        if (drawn.isEmpty()) {
            return new View(kind, List.of(), Optional.of("every framework and workload was measured at a single " + xName), notes);
        }
        for (Panel panel : drawn) {
            if (panel.series().size() > MAX_SERIES) {
                return new View(kind, List.of(), Optional.of(panel.title() + " has " + panel.series().size()
                        + " lines, too many for one panel (at most " + MAX_SERIES + "); the tables hold every row"), notes);
            }
        }
        return new View(kind, drawn, Optional.empty(), notes);
    }

    private static List<Point> points(Kind kind, List<ComparedRow> members) {
        List<Point> points = new ArrayList<>();
        for (ComparedRow row : members) {
            double y = kind.metric.toDisplay(row.row().value(kind.metric).getAsDouble());
            OptionalDouble halfWidth = halfWidth(row.row().iterations(kind.metric)).stream()
                    .map(kind.metric::toDisplay).findFirst();
            points.add(new Point(x(kind, row).getAsDouble(), y, halfWidth, row.row().workload().batchSize(), false));
        }
        if (kind == Kind.THROUGHPUT_VS_LATENCY) {
            points.sort(Comparator.comparing(Point::batchSize, WorkloadKey::compareNatural));
            double[] latency = points.stream().mapToDouble(Point::x).toArray();
            double[] throughput = points.stream().mapToDouble(Point::y).toArray();
            boolean[] frontier = paretoFrontier(latency, throughput);
            List<Point> marked = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                marked.add(new Point(p.x(), p.y(), p.halfWidth(), p.batchSize(), frontier[i]));
            }
            return marked;
        }
        points.sort(Comparator.comparingDouble(Point::x));
        return points;
    }

    /**
     * The Pareto frontier of (latency, throughput) points, lower latency and higher throughput being better: point i
     * is on it when no other point has a latency at most its own and a throughput at least its own, better in one of
     * them. Equal points are both on it.
     */
    static boolean[] paretoFrontier(double[] latency, double[] throughput) {
        if (latency.length != throughput.length) {
            throw new IllegalArgumentException("latency and throughput differ in length: " + latency.length + " and " + throughput.length);
        }
        boolean[] frontier = new boolean[latency.length];
        for (int i = 0; i < latency.length; i++) {
            boolean dominated = false;
            for (int j = 0; j < latency.length && !dominated; j++) {
                dominated = latency[j] <= latency[i] && throughput[j] >= throughput[i] && (latency[j] < latency[i] || throughput[j] > throughput[i]);
            }
            frontier[i] = !dominated;
        }
        return frontier;
    }

    /** The half-width of the 95% interval of the mean of {@code replicates} (Student's t), absent with fewer than 2. */
    static OptionalDouble halfWidth(double[] replicates) {
        if (replicates.length < 2) {
            return OptionalDouble.empty();
        }
        Statistics statistics = Statistics.of(replicates);
        return OptionalDouble.of(statistics.ci95Upper().getAsDouble() - statistics.mean());
    }

    /** The row's x in the view: batch size, prompt length, context length P + N/2, or ITL p50 in ms. */
    private static OptionalDouble x(Kind kind, ComparedRow row) {
        WorkloadKey k = row.row().workload();
        return switch (kind) {
            case THROUGHPUT_VS_BATCH, RSS_VS_BATCH -> number(k.batchSize());
            case TTFT_VS_PROMPT -> number(k.promptTokens());
            case ITL_VS_CONTEXT -> {
                OptionalDouble prompt = number(k.promptTokens());
                OptionalDouble newTokens = number(k.newTokens());
                yield prompt.isPresent() && newTokens.isPresent() ? OptionalDouble.of(prompt.getAsDouble() + newTokens.getAsDouble() / 2)
                        : OptionalDouble.empty();
            }
            case THROUGHPUT_VS_LATENCY -> row.row().value(Metric.ITL_P50);
        };
    }

    /** A row's dimensions by name, as the chart labels name them. */
    private static Map<String, String> dimensions(ComparedRow row) {
        WorkloadKey k = row.row().workload();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("framework", row.row().framework());
        d.put("run", row.row().source());
        d.put("benchmark", Charts.shortName(k.benchmark()));
        d.put("mode", k.mode());
        d.put("model", k.model());
        d.put("precision", k.precision());
        d.put("batch", k.batchSize());
        d.put("prompt", k.promptTokens());
        d.put("new", k.newTokens());
        d.put("threads", k.threads());
        return d;
    }

    private static String panelTitle(Map<String, String> panel) {
        List<String> parts = new ArrayList<>();
        panel.forEach((name, value) -> parts.add(name + " " + value));
        return String.join(", ", parts);
    }

    private static OptionalDouble number(String text) {
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The x value as a table column heading: {@code 4}, {@code 160}. */
    static String xHeading(double x) {
        return Formats.human(x);
    }
}
