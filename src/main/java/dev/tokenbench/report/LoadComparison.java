package dev.tokenbench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.load.LoadSpec;
import dev.tokenbench.measure.Figure;
import dev.tokenbench.report.ReportDocument.Block;
import dev.tokenbench.report.ReportDocument.Bullets;
import dev.tokenbench.report.ReportDocument.Heading;
import dev.tokenbench.report.ReportDocument.Paragraph;
import dev.tokenbench.report.ReportDocument.Table;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report of {@code load} runs ({@code report LOAD_FOLDER...}): per workload (prompt and new tokens) the episodes
 * of every run, grouped by shape (closed loop of C streams, open loop at R requests/s), so two servers driven alike
 * sit in adjacent rows; the SLO each run was judged by and the highest rate that met it; charts of throughput and
 * goodput, and of p99 TTFT and TPOT, against the offered rate (open loops) and against concurrency (closed loops).
 *
 * <p>An episode is one measurement: its requests share one server's queue, so they are not independent replicates,
 * and a load run has one episode per shape. A ratio between two runs at the same shape is therefore shown as the plain
 * quotient of two measurements, with no interval or test, and the report says so; replicates come from repeating the
 * load. Runs are compared only at the same prompt and new tokens and the same shape; runs judged by different SLOs,
 * or measured on different machines, are flagged.
 */
final class LoadComparison {

    /** A column of the episode tables and the CSV: its figure, CSV key and how a person reads it. */
    record Column(Figure figure, String key, String title) {
    }

    /** The episode figures, in table order (every one defined in docs/metrics.md). */
    static final List<Column> COLUMNS = List.of(
            new Column(Figure.REQUESTS, "requests", "requests"),
            new Column(Figure.LOAD_REQUESTS_FAILED, "requestsFailed", "failed"),
            new Column(Figure.LOAD_OFFERED_RATE, "offeredRequestsPerSecond", "offered req/s"),
            new Column(Figure.LOAD_REQUEST_THROUGHPUT, "requestsPerSecond", "req/s"),
            new Column(Figure.LOAD_OUTPUT_TOKENS_PER_SECOND, "outputTokensPerSecond", "output tok/s"),
            new Column(Figure.TTFT_P50, "ttftP50Millis", "TTFT p50 (ms)"),
            new Column(Figure.TTFT_P99, "ttftP99Millis", "TTFT p99 (ms)"),
            new Column(Figure.TPOT_MEAN, "tpotMeanMillis", "TPOT mean (ms)"),
            new Column(Figure.TPOT_P99, "tpotP99Millis", "TPOT p99 (ms)"),
            new Column(Figure.ITL_MEAN, "itlMeanMillis", "ITL mean (ms)"),
            new Column(Figure.ITL_P99, "itlP99Millis", "ITL p99 (ms)"),
            new Column(Figure.E2E_P50, "e2eP50Millis", "E2E p50 (ms)"),
            new Column(Figure.E2E_P99, "e2eP99Millis", "E2E p99 (ms)"),
            new Column(Figure.REQUESTS_CHUNKED, "requestsChunked", "chunked"),
            new Column(Figure.SLO_ATTAINMENT, "sloAttainment", "SLO attainment"),
            new Column(Figure.GOODPUT, "goodputRequestsPerSecond", "goodput req/s"));

    /** The figures compared with the baseline run at the same shape. */
    static final List<Column> COMPARED = List.of(COLUMNS.get(4), COLUMNS.get(6), COLUMNS.get(8), COLUMNS.get(15));

    private static final String EOL = "\r\n";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final List<LoadInput> inputs;
    private final LoadInput baseline;

    /** A workload: prompt and new tokens per request. */
    record Workload(int promptTokens, int newTokens) implements Comparable<Workload> {
        @Override
        public int compareTo(Workload o) {
            return Comparator.comparingInt(Workload::promptTokens).thenComparingInt(Workload::newTokens).compare(this, o);
        }

        String describe() {
            return "prompt " + promptTokens + " tokens, " + newTokens + " new tokens per request";
        }
    }

    /** One table row: a run's episode. */
    record Row(LoadInput input, LoadInput.Episode episode) {
    }

    /**
     * @param inputs            the load runs, in the order given; none may share a name
     * @param baselineRun       the run every ratio is taken against (a run's folder name); the first run when empty
     */
    LoadComparison(List<LoadInput> inputs, Optional<String> baselineRun) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no load runs to report");
        }
        Set<String> names = new LinkedHashSet<>();
        for (LoadInput input : inputs) {
            if (!names.add(input.source())) {
                throw new IllegalArgumentException(input.file() + ": a second load run named " + input.source()
                        + "; give runs in folders of different names");
            }
        }
        this.inputs = List.copyOf(inputs);
        if (baselineRun.isPresent()) {
            this.baseline = inputs.stream().filter(i -> i.source().equals(baselineRun.get())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--baseline-framework " + baselineRun.get() + ": no load run of that name; the runs are "
                            + String.join(", ", names)));
        } else {
            this.baseline = inputs.get(0);
        }
    }

    List<LoadInput> inputs() {
        return inputs;
    }

    LoadInput baseline() {
        return baseline;
    }

    /** The workloads, each with its rows ordered by shape (closed loops by concurrency, then open loops by rate), then by run. */
    Map<Workload, List<Row>> workloads() {
        Map<Workload, List<Row>> groups = new TreeMap<>();
        for (LoadInput input : inputs) {
            for (LoadInput.Episode episode : input.episodes()) {
                groups.computeIfAbsent(new Workload(input.promptTokens(), input.newTokens()), w -> new ArrayList<>()).add(new Row(input, episode));
            }
        }
        Comparator<Row> order = Comparator.<Row, Boolean>comparing(r -> !r.episode().closedLoop()).thenComparingDouble(r -> r.episode().x())
                .thenComparingInt(r -> inputs.indexOf(r.input())).thenComparingInt(r -> r.episode().index());
        groups.values().forEach(rows -> rows.sort(order));
        return groups;
    }

    /** The baseline run's episode of the same workload and shape, when it has exactly one. */
    Optional<LoadInput.Episode> baselineEpisode(Row row) {
        if (row.input() == baseline || baseline.promptTokens() != row.input().promptTokens() || baseline.newTokens() != row.input().newTokens()) {
            return Optional.empty();
        }
        List<LoadInput.Episode> same = baseline.episodes().stream()
                .filter(e -> e.closedLoop() == row.episode().closedLoop() && e.x() == row.episode().x()).toList();
        return same.size() == 1 ? Optional.of(same.get(0)) : Optional.empty();
    }

    /** Row / baseline for {@code column} at the same shape: the quotient of two single measurements. */
    OptionalDouble ratio(Row row, Column column) {
        Optional<LoadInput.Episode> base = baselineEpisode(row);
        if (base.isEmpty()) {
            return OptionalDouble.empty();
        }
        OptionalDouble mine = row.episode().figure(column.figure());
        OptionalDouble theirs = base.get().figure(column.figure());
        if (mine.isEmpty() || theirs.isEmpty() || !(theirs.getAsDouble() > 0)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(mine.getAsDouble() / theirs.getAsDouble());
    }

    /** What is not like for like: different SLOs, machines or unknown machines. */
    List<String> fairness() {
        List<String> notes = new ArrayList<>();
        Set<String> slos = new LinkedHashSet<>();
        inputs.forEach(i -> slos.add(i.slo()));
        if (slos.size() > 1) {
            notes.add("The runs were judged by different SLOs (" + String.join("; ", slos) + "): their SLO attainment, goodput and"
                    + " highest rates meeting the SLO are not comparable.");
        }
        Set<String> machines = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (LoadInput input : inputs) {
            if (input.machine().isPresent()) {
                machines.add(input.machine().get().identity());
            } else {
                unknown.add(input.source());
            }
        }
        if (machines.size() > 1) {
            notes.add("The runs were measured on different machines (" + String.join("; ", machines) + "): their figures differ by more than the servers.");
        }
        if (!unknown.isEmpty() && inputs.size() > 1) {
            notes.add("No env.json beside " + String.join(", ", unknown) + ": the machine is unknown, so a difference may be the machine's.");
        }
        return notes;
    }

    /** The report as blocks (Markdown and HTML render the same blocks). */
    List<Block> document(List<ReportChart> charts) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Heading(1, "tokenbench load report", "top"));
        int episodes = inputs.stream().mapToInt(i -> i.episodes().size()).sum();
        blocks.add(new Paragraph("Inputs: " + String.join(", ", inputs.stream().map(LoadInput::source).toList()) + " (" + inputs.size()
                + (inputs.size() == 1 ? " load run, " : " load runs, ") + episodes + (episodes == 1 ? " episode)." : " episodes).")
                + (inputs.size() > 1 ? " Baseline: " + baseline.source() + " (every ratio is run / baseline at the same workload and shape)." : "")));
        blocks.add(new Heading(2, "Runs", "runs"));
        List<List<String>> runRows = new ArrayList<>();
        for (LoadInput input : inputs) {
            boolean sweep = input.episodes().stream().noneMatch(LoadInput.Episode::closedLoop);
            runRows.add(List.of(input.source(), input.model(), input.engine(), Integer.toString(input.promptTokens()), Integer.toString(input.newTokens()),
                    input.slo(), Integer.toString(input.episodes().size()),
                    input.highestRateMet().isPresent() ? LoadSpec.number(input.highestRateMet().getAsDouble()) + " req/s"
                            : sweep ? "none met it" : "-"));
        }
        blocks.add(new Table(List.of("run", "model", "engine", "prompt", "new tokens", "SLO", "episodes", "highest rate meeting the SLO"), runRows,
                List.of(false, false, false, true, true, false, true, false), marks(runRows.size(), inputs.indexOf(baseline))));
        for (Map.Entry<Workload, List<Row>> group : workloads().entrySet()) {
            Workload workload = group.getKey();
            blocks.add(new Heading(2, "Episodes: " + workload.describe(), "episodes-p" + workload.promptTokens() + "-n" + workload.newTokens()));
            blocks.add(episodeTable(group.getValue()));
            boolean compared = group.getValue().stream().anyMatch(r -> baselineEpisode(r).isPresent());
            if (compared) {
                blocks.add(new Paragraph("Ratios are this run's figure over " + baseline.source() + "'s at the same shape: the quotient of two"
                        + " single episodes, with no interval or test (an episode's requests share one queue, so they are not independent"
                        + " replicates); repeat each load to get replicates. For TTFT and TPOT lower is better, for output tok/s and"
                        + " goodput higher."));
            }
        }
        blocks.add(new Heading(2, "Charts", "charts"));
        for (ReportChart chart : charts) {
            blocks.add(new ReportDocument.Figure(chart));
        }
        List<String> notes = fairness();
        if (!notes.isEmpty()) {
            blocks.add(new Heading(2, "Fairness notes", "fairness"));
            blocks.add(new Bullets(notes));
        }
        blocks.add(new Heading(2, "Environment", "environment"));
        blocks.add(environment());
        blocks.add(new Heading(2, "Method", "method"));
        blocks.add(new Bullets(List.of(
                "Each episode is what 'load' measured: a closed loop keeps C requests in flight (each stream sends its next request when"
                        + " its previous one ends); an open loop sends requests at seeded Poisson arrivals of the given rate, each at its"
                        + " scheduled time whatever is in flight, and times it from that time (no coordinated omission).",
                "offered req/s = (requests issued - 1) / (last arrival - first arrival); req/s and output tok/s = completed requests and"
                        + " their new tokens / the episode's wall time; TTFT, TPOT, ITL and E2E are over the episode's completed requests;"
                        + " SLO attainment = requests that completed within both SLO limits / requests issued; goodput = those requests /"
                        + " wall time. An episode meets the SLO when no request failed and its percentile TTFT and TPOT are within the"
                        + " limits (MLPerf's rule); a rate sweep stops at the first rate that misses.",
                "Every label is defined once in docs/metrics.md (load.offered_requests_per_s, load.requests_per_s, load.output_tokens_per_s,"
                        + " load.requests_failed, slo.attainment, goodput.requests_per_s, ttft.*, tpot.*, itl.*, e2e.*, requests.chunked).")));
        return blocks;
    }

    private Table episodeTable(List<Row> rows) {
        boolean compared = rows.stream().anyMatch(r -> baselineEpisode(r).isPresent());
        List<String> header = new ArrayList<>(List.of("shape", "run"));
        List<Boolean> numeric = new ArrayList<>(List.of(false, false));
        for (Column column : COLUMNS) {
            header.add(column.title());
            numeric.add(true);
        }
        header.add("meets SLO");
        numeric.add(false);
        if (compared) {
            for (Column column : COMPARED) {
                header.add(column.title().replace(" (ms)", "") + " vs " + baseline.source());
                numeric.add(true);
            }
        }
        List<List<String>> cells = new ArrayList<>();
        List<Boolean> marked = new ArrayList<>();
        for (Row row : rows) {
            List<String> line = new ArrayList<>(List.of(row.episode().shortShape(), row.input().source()));
            for (Column column : COLUMNS) {
                line.add(cell(column, row.episode().figure(column.figure())));
            }
            line.add(row.episode().metSlo() ? "yes" : "no");
            if (compared) {
                for (Column column : COMPARED) {
                    OptionalDouble ratio = ratio(row, column);
                    line.add(ratio.isPresent() ? Formats.ratio(ratio.getAsDouble()) : Formats.ABSENT);
                }
            }
            cells.add(line);
            marked.add(inputs.size() > 1 && row.input() == baseline);
        }
        return new Table(header, cells, numeric, marked);
    }

    /** A figure as the tables show it: counts whole, attainment in percent, the rest to 4 significant digits. */
    static String cell(Column column, OptionalDouble value) {
        if (value.isEmpty()) {
            return Formats.ABSENT;
        }
        return switch (column.figure().unitKind()) {
            case REQUESTS -> String.format(Locale.ROOT, "%.0f", value.getAsDouble());
            case FRACTION -> Formats.human(value.getAsDouble() * 100) + "%";
            default -> Formats.human(value.getAsDouble());
        };
    }

    private static List<Boolean> marks(int size, int index) {
        List<Boolean> marks = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            marks.add(size > 1 && i == index);
        }
        return marks;
    }

    private Block environment() {
        Map<String, Machine> machines = new LinkedHashMap<>();
        inputs.forEach(input -> input.machine().ifPresent(machine -> machines.put(input.source(), machine)));
        return ReportDocument.environment(machines);
    }

    /**
     * The charts: for open loops, achieved request rate and goodput against the offered rate, then p99 TTFT and TPOT
     * against it; for closed loops, output tokens/s and p99 TTFT against concurrency. One line per run and workload;
     * a chart without two points on some line is skipped with the reason.
     */
    List<ReportChart> charts() {
        List<ReportChart> charts = new ArrayList<>();
        charts.add(chart(false, "load-throughput-vs-rate", "Throughput and goodput against the offered rate", "offered rate (requests/s)",
                "requests/s", List.of(COLUMNS.get(3), COLUMNS.get(15)),
                "Achieved request rate (circles) and goodput (squares: requests within the SLO per second) of each run against the"
                        + " offered rate of its open-loop episodes; a server keeps up while the achieved rate follows the offered one."));
        charts.add(chart(false, "load-latency-vs-rate", "p99 TTFT and TPOT against the offered rate", "offered rate (requests/s)", "ms",
                List.of(COLUMNS.get(6), COLUMNS.get(8)),
                "p99 TTFT (circles) and p99 TPOT (squares) of each run's open-loop episodes; the SLO's limits are in the Runs table."));
        charts.add(chart(true, "load-throughput-vs-concurrency", "Output tokens/s against concurrency", "concurrent streams", "output tokens/s",
                List.of(COLUMNS.get(4)), "Output tokens/s of each run's closed-loop episodes against the number of concurrent streams."));
        charts.add(chart(true, "load-latency-vs-concurrency", "p99 TTFT and TPOT against concurrency", "concurrent streams", "ms",
                List.of(COLUMNS.get(6), COLUMNS.get(8)), "p99 TTFT (circles) and p99 TPOT (squares) of each run's closed-loop episodes."));
        return List.copyOf(charts);
    }

    private ReportChart chart(boolean closed, String name, String title, String xTitle, String yTitle, List<Column> columns, String caption) {
        Map<String, List<Row>> lines = new LinkedHashMap<>();
        boolean severalWorkloads = workloads().size() > 1;
        for (Map.Entry<Workload, List<Row>> group : workloads().entrySet()) {
            for (Row row : group.getValue()) {
                if (row.episode().closedLoop() == closed) {
                    String label = row.input().source() + (severalWorkloads ? " (p" + group.getKey().promptTokens() + " n" + group.getKey().newTokens() + ")" : "");
                    lines.computeIfAbsent(label, l -> new ArrayList<>()).add(row);
                }
            }
        }
        String what = closed ? "closed-loop" : "open-loop";
        if (lines.isEmpty()) {
            return ReportChart.skipped(name, title, "no " + what + " episodes");
        }
        if (lines.values().stream().allMatch(rows -> rows.size() < 2)) {
            return ReportChart.skipped(name, title, "every run has a single " + what + " episode: nothing to draw a line through (the tables hold it)");
        }
        if (lines.size() * columns.size() > Charts.MAX_SERIES) {
            return ReportChart.skipped(name, title, "more than " + Charts.MAX_SERIES + " lines (the tables hold every episode)");
        }
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setAntiAlias(true);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setYAxisMin(0.0);
        Color[] colors = chart.getStyler().getSeriesColors();
        int index = 0;
        int drawn = 0;
        for (Map.Entry<String, List<Row>> line : lines.entrySet()) {
            Color color = colors[index++ % colors.length];
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                List<double[]> points = new ArrayList<>();
                for (Row row : line.getValue()) {
                    OptionalDouble y = row.episode().figure(column.figure());
                    if (y.isPresent()) {
                        points.add(new double[] {row.episode().x(), y.getAsDouble()});
                    }
                }
                if (points.isEmpty()) {
                    continue;
                }
                String label = line.getKey() + (columns.size() > 1 ? " " + column.title().replace(" (ms)", "") : "");
                chart.addSeries(label, points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray())
                        .setMarker(c == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE).setMarkerColor(color).setLineColor(color);
                drawn++;
            }
        }
        if (drawn == 0) {
            return ReportChart.skipped(name, title, "no " + what + " episode has these figures (every request failed)");
        }
        return new ReportChart(name, title, caption + " One line per run" + (severalWorkloads ? " and workload (p = prompt tokens, n = new tokens)." : "."), chart);
    }

    /** One CSV row per run and episode (RFC 4180, CRLF), figures in base units named by their column. */
    String csv() {
        List<String> header = new ArrayList<>(List.of("source", "baseline", "model", "engine", "promptTokens", "newTokens", "slo", "episode", "shape",
                "loop", "concurrency", "requestsPerSecondOffered", "metSlo", "highestRateMetRequestsPerSecond"));
        COLUMNS.forEach(c -> header.add(c.key()));
        COMPARED.forEach(c -> header.add(c.key() + "Ratio"));
        StringBuilder out = new StringBuilder(String.join(",", header)).append(EOL);
        for (List<Row> rows : workloads().values()) {
            for (Row row : rows) {
                LoadInput in = row.input();
                LoadInput.Episode e = row.episode();
                List<String> fields = new ArrayList<>(List.of(in.source(), Boolean.toString(in == baseline), in.model(), in.engine(),
                        Integer.toString(in.promptTokens()), Integer.toString(in.newTokens()), in.slo(), Integer.toString(e.index()), e.shape(),
                        e.closedLoop() ? "closed" : "open", e.closedLoop() ? Long.toString((long) e.x()) : "", e.closedLoop() ? "" : Formats.exact(OptionalDouble.of(e.x())),
                        Boolean.toString(e.metSlo()), in.highestRateMet().isPresent() ? Formats.exact(in.highestRateMet()) : ""));
                COLUMNS.forEach(c -> fields.add(e.figure(c.figure()).isPresent() ? Formats.exact(e.figure(c.figure())) : ""));
                COMPARED.forEach(c -> fields.add(ratio(row, c).isPresent() ? Formats.exact(ratio(row, c)) : ""));
                out.append(String.join(",", fields.stream().map(Formats::csv).toList())).append(EOL);
            }
        }
        return out.toString();
    }

    /** The comparison as JSON ({@code kind} "load", {@code schemaVersion} 1): runs, episodes with figures and ratios, charts, notes. */
    String json(List<ReportChart> charts) {
        ObjectNode root = JSON.createObjectNode().put("schemaVersion", 1).put("kind", "load").put("baseline", baseline.source());
        ArrayNode runs = root.putArray("runs");
        for (LoadInput input : inputs) {
            ObjectNode run = runs.addObject().put("source", input.source()).put("model", input.model()).put("engine", input.engine())
                    .put("promptTokens", input.promptTokens()).put("newTokens", input.newTokens()).put("slo", input.slo());
            if (input.highestRateMet().isPresent()) {
                run.put("highestRateMetRequestsPerSecond", input.highestRateMet().getAsDouble());
            }
            input.machine().ifPresent(m -> run.put("machine", m.identity()));
            ArrayNode episodes = run.putArray("episodes");
            for (LoadInput.Episode e : input.episodes()) {
                ObjectNode node = episodes.addObject().put("episode", e.index()).put("shape", e.shape()).put("loop", e.closedLoop() ? "closed" : "open");
                if (e.closedLoop()) {
                    node.put("concurrency", (long) e.x());
                } else {
                    node.put("requestsPerSecond", e.x());
                }
                node.put("metSlo", e.metSlo());
                ObjectNode figures = node.putObject("figures");
                COLUMNS.forEach(c -> e.figure(c.figure()).ifPresent(v -> figures.put(c.figure().label(), v)));
                ObjectNode ratios = node.putObject("ratios");
                Row row = new Row(input, e);
                COMPARED.forEach(c -> ratio(row, c).ifPresent(v -> ratios.put(c.figure().label(), v)));
            }
        }
        ArrayNode fairness = root.putArray("fairness");
        fairness().forEach(fairness::add);
        ArrayNode chartList = root.putArray("charts");
        for (ReportChart chart : charts) {
            ObjectNode node = chartList.addObject().put("name", chart.name()).put("title", chart.title());
            if (chart.skipped().isPresent()) {
                node.put("skipped", chart.skipped().get());
            } else {
                node.put("caption", chart.caption()).put("png", "charts/" + chart.name() + ".png").put("svg", "charts/" + chart.name() + ".svg");
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
