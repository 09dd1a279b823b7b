package dev.tokenbench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.measure.AtomicFiles;
import dev.tokenbench.measure.Figure;
import dev.tokenbench.measure.LoadSamples;
import dev.tokenbench.measure.RequestRecord;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.measure.Slo;
import dev.tokenbench.measure.TokenSamples;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A load run's results: its episodes' figures as table rows (the terminal and {@value RunFolder#LOAD_REPORT_FILE}),
 * {@value RunFolder#LOAD_FILE} (the run, the SLO, each episode's figures and token samples) and
 * {@value RunFolder#LOAD_REQUESTS_FILE} (every request's record), each written atomically.
 *
 * @param model         the {@code openai} model value
 * @param engine        what served it ({@code EngineInfo.settings()} without secrets)
 * @param promptTokens  prompt tokens asked per request
 * @param newTokens     new tokens per request
 * @param slo           the SLOs the episodes are judged by
 * @param episodes      the episodes, in run order
 * @param highestRateMet for a rate sweep, the highest rate that met the SLOs; empty otherwise or when none did
 */
public record LoadReport(String model, String engine, int promptTokens, int newTokens, Slo slo, List<Episode> episodes,
                         Optional<Double> highestRateMet) {

    /**
     * One episode.
     *
     * @param shape   how its requests were issued
     * @param spec    its stop rule and new tokens
     * @param samples its records
     */
    public record Episode(LoadShape shape, LoadSpec spec, LoadSamples samples) {
    }

    /** The table's columns: the episode, then figure labels (documented in docs/metrics.md), then the SLO verdict. */
    public static final List<String> HEADERS = List.of("episode", "requests", Figure.LOAD_REQUESTS_FAILED.label(),
            Figure.LOAD_OFFERED_RATE.label(), Figure.LOAD_REQUEST_THROUGHPUT.label(), Figure.LOAD_OUTPUT_TOKENS_PER_SECOND.label(),
            Figure.TTFT_P50.label(), Figure.TTFT_P99.label(), Figure.TPOT_P99.label(), Figure.ITL_MEAN.label(), Figure.REQUESTS_CHUNKED.label(),
            Figure.SLO_ATTAINMENT.label(), Figure.GOODPUT.label(), "meets SLO");

    public LoadReport {
        episodes = List.copyOf(episodes);
    }

    /** The figures of one episode by label, absent ones left out. */
    public Map<String, Double> figures(Episode episode) {
        LoadSamples s = episode.samples();
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(Figure.REQUESTS.label(), (double) s.requests().size());
        values.put(Figure.LOAD_REQUESTS_FAILED.label(), (double) s.failedRequests());
        put(values, Figure.LOAD_OFFERED_RATE, s.offeredRequestsPerSecond());
        put(values, Figure.LOAD_REQUEST_THROUGHPUT, s.requestsPerSecond());
        put(values, Figure.LOAD_OUTPUT_TOKENS_PER_SECOND, s.outputTokensPerSecond());
        s.tokens().ifPresent(tokens -> {
            for (Figure figure : List.of(Figure.TTFT_P50, Figure.TTFT_P99, Figure.TPOT_MEAN, Figure.TPOT_P99, Figure.ITL_MEAN, Figure.ITL_P99,
                    Figure.E2E_P50, Figure.E2E_P99)) {
                put(values, figure, figure.valueOf(tokens));
            }
        });
        values.put(Figure.REQUESTS_CHUNKED.label(), (double) s.chunkedRequests());
        put(values, Figure.SLO_ATTAINMENT, slo.attainment(s));
        put(values, Figure.GOODPUT, slo.goodput(s));
        return values;
    }

    private static void put(Map<String, Double> values, Figure figure, OptionalDouble value) {
        if (value.isPresent()) {
            values.put(figure.label(), value.getAsDouble());
        }
    }

    /** One table row per episode, as {@link #HEADERS} names the columns; an absent figure is {@code -}. */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (Episode episode : episodes) {
            Map<String, Double> f = figures(episode);
            List<String> row = new ArrayList<>();
            row.add(episode.shape().describe());
            row.add(Integer.toString(episode.samples().requests().size()));
            for (String label : HEADERS.subList(2, HEADERS.size() - 1)) {
                row.add(format(label, f.get(label)));
            }
            row.add(slo.met(episode.samples()) ? "yes" : "no");
            rows.add(row);
        }
        return rows;
    }

    private static String format(String label, Double value) {
        if (value == null) {
            return "-";
        }
        Figure figure = Figure.byLabel(label).orElseThrow();
        return switch (figure.unitKind()) {
            case REQUESTS -> String.format(Locale.ROOT, "%.0f", value);
            case FRACTION -> String.format(Locale.ROOT, "%.1f%%", value * 100);
            case MILLISECONDS -> String.format(Locale.ROOT, "%.2f", value);
            default -> String.format(Locale.ROOT, "%.2f", value);
        };
    }

    /** The sentence under the table: the SLO, and for a sweep its answer. */
    public String verdict() {
        StringBuilder text = new StringBuilder("SLO: " + slo.describe() + "; an episode meets it when no request failed and both percentiles keep"
                + " their limits.");
        boolean sweep = episodes.size() > 1 || (!episodes.isEmpty() && episodes.get(0).shape() instanceof LoadShape.OpenLoop);
        if (sweep && episodes.stream().allMatch(e -> e.shape() instanceof LoadShape.OpenLoop)) {
            text.append(highestRateMet.map(rate -> " Highest rate meeting it: " + LoadSpec.number(rate) + " requests/s.")
                    .orElse(" No rate met it."));
        }
        if (episodes.stream().anyMatch(e -> e.samples().chunkedRequests() > 0)) {
            text.append(" Requests counted in ").append(Figure.REQUESTS_CHUNKED.label())
                    .append(" received several tokens in one event: their ITL is the gap spread evenly over those tokens.");
        }
        return text.toString();
    }

    /** The report in Markdown. */
    public String markdown() {
        StringBuilder md = new StringBuilder("# tokenbench load\n\n");
        md.append("Model `").append(model).append("` (").append(engine).append("), prompt ").append(promptTokens).append(" tokens, ")
                .append(newTokens).append(" new tokens per request.\n\n");
        md.append("| ").append(String.join(" | ", HEADERS)).append(" |\n|");
        md.append(" --- |".repeat(HEADERS.size())).append('\n');
        for (List<String> row : rows()) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append('\n').append(verdict()).append('\n');
        md.append("\nTimes in ms, rates per second; every label is defined in docs/metrics.md.\n");
        return md.toString();
    }

    /** Writes {@value RunFolder#LOAD_FILE}, {@value RunFolder#LOAD_REQUESTS_FILE} and {@value RunFolder#LOAD_REPORT_FILE}. */
    public void write(RunFolder folder) throws IOException {
        ObjectMapper json = ResultJson.mapper();
        ObjectNode root = json.createObjectNode().put("schemaVersion", 1).put("model", model).put("engine", engine)
                .put("promptTokens", promptTokens).put("newTokens", newTokens);
        root.putObject("slo").put("name", slo.name()).put("ttftLimitNanos", slo.ttftLimitNanos()).put("tpotLimitNanos", slo.tpotLimitNanos())
                .put("percentile", slo.percentile());
        ArrayNode list = root.putArray("episodes");
        StringBuilder lines = new StringBuilder();
        for (int e = 0; e < episodes.size(); e++) {
            Episode episode = episodes.get(e);
            ObjectNode node = list.addObject().put("episode", e).put("shape", episode.shape().describe());
            if (episode.shape() instanceof LoadShape.ClosedLoop closed) {
                node.put("concurrency", closed.concurrency());
            } else if (episode.shape() instanceof LoadShape.OpenLoop open) {
                node.put("requestsPerSecond", open.requestsPerSecond()).put("seed", open.seed());
            }
            node.put("requestLimit", episode.spec().requests()).put("durationNanos", episode.spec().durationNanos())
                    .put("wallNanos", episode.samples().wallNanos()).put("metSlo", slo.met(episode.samples()));
            ObjectNode figures = node.putObject("figures");
            figures(episode).forEach(figures::put);
            Optional<TokenSamples> tokens = episode.samples().tokens();
            if (tokens.isPresent()) {
                node.set("tokenSamples", json.valueToTree(tokens.get()));
            }
            for (RequestRecord record : episode.samples().requests()) {
                ObjectNode line = json.createObjectNode().put("episode", e);
                line.setAll((ObjectNode) json.valueToTree(record));
                lines.append(json.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(line)).append('\n');
            }
        }
        highestRateMet.ifPresent(rate -> root.put("highestRateMetRequestsPerSecond", rate));
        AtomicFiles.writeString(folder.loadFile(), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        AtomicFiles.writeString(folder.loadRequestsFile(), lines.toString());
        AtomicFiles.writeString(folder.loadReportFile(), markdown());
    }
}
