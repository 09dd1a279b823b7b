package dev.tokenbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tokenbench.load.LoadSpec;
import dev.tokenbench.measure.Figure;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.measure.Slo;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One {@code load} run as the report reads it back from its folder: {@value RunFolder#LOAD_FILE} (what {@code load}
 * writes: the model, the engine, the SLO and each episode's shape and figures) and, when present,
 * {@value RunFolder#ENVIRONMENT_FILE} beside it. Every field is checked; a file that is not a load run's fails with one
 * line naming the file, the field and the fix.
 *
 * @param source         the run's name in the report (its folder's name)
 * @param file           the {@value RunFolder#LOAD_FILE} read
 * @param model          the {@code openai} model value
 * @param engine         what served it, as {@code load} recorded it
 * @param promptTokens   prompt tokens per request
 * @param newTokens      new tokens per request
 * @param slo            the SLO as written ({@code mlperf-llama2-70b (p99 TTFT <= 2000 ms, p99 TPOT <= 200 ms)})
 * @param episodes       the episodes in run order
 * @param highestRateMet for a rate sweep, the highest rate that met the SLO
 * @param machine        the machine, from {@value RunFolder#ENVIRONMENT_FILE}, when present
 */
record LoadInput(String source, Path file, String model, String engine, int promptTokens, int newTokens, String slo, List<Episode> episodes,
                 OptionalDouble highestRateMet, Optional<Machine> machine) {

    /** The schema version of {@value RunFolder#LOAD_FILE} this reader knows. */
    static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /**
     * One episode.
     *
     * @param index       its position in the run
     * @param closedLoop  true for a closed loop (x = concurrency), false for an open loop (x = offered rate, requests/s)
     * @param x           its concurrency or its rate
     * @param shape       as {@code load} described it
     * @param figures     its figures by label ({@link Figure}), absent ones left out
     * @param metSlo      whether it met the SLO
     */
    record Episode(int index, boolean closedLoop, double x, String shape, Map<String, Double> figures, boolean metSlo) {

        Episode {
            figures = Map.copyOf(figures);
        }

        OptionalDouble figure(Figure figure) {
            Double value = figures.get(figure.label());
            return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
        }

        /** {@code c=4} or {@code 2.5 req/s}: the shape in a table cell. */
        String shortShape() {
            return closedLoop ? "closed, " + (long) x + (x == 1 ? " stream" : " streams")
                    : "open, " + LoadSpec.number(x) + " req/s";
        }
    }

    LoadInput {
        episodes = List.copyOf(episodes);
    }

    /** Whether {@code path} is a load run: a folder holding {@value RunFolder#LOAD_FILE}, or that file itself. */
    static boolean isLoad(Path path) {
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve(RunFolder.LOAD_FILE));
        }
        return path.getFileName() != null && path.getFileName().toString().equals(RunFolder.LOAD_FILE);
    }

    /** Reads a load run folder, or its {@value RunFolder#LOAD_FILE}. */
    static LoadInput read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(RunFolder.LOAD_FILE) : path;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file or folder; give a folder that 'java -jar target/benchmarks.jar load' wrote");
        }
        Path folder = file.toAbsolutePath().getParent();
        String source = folder.getFileName() == null ? file.toString() : folder.getFileName().toString();
        if (Files.size(file) == 0) {
            throw new IllegalArgumentException(file + ": is empty; run the load again");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (CharConversionException e) {
            throw JmhResultReader.notUtf8(file, e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + " (" + JmhResultReader.oneLine(e.getOriginalMessage()) + "); run the load again");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected the JSON object 'load' writes; run the load again");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.canConvertToExactIntegral() || version.asInt() != SCHEMA_VERSION) {
            throw field(file, "schemaVersion", "is " + shown(version) + ", this tokenbench reads version " + SCHEMA_VERSION,
                    "write it with this tokenbench's load");
        }
        String model = text(file, root, "model");
        String engine = text(file, root, "engine");
        int promptTokens = positiveInt(file, root, "promptTokens");
        int newTokens = positiveInt(file, root, "newTokens");
        String slo = slo(file, root.get("slo"));
        JsonNode list = root.get("episodes");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw field(file, "episodes", "is " + shown(list) + ", not a non-empty array", "run the load again");
        }
        List<Episode> episodes = new ArrayList<>();
        for (int e = 0; e < list.size(); e++) {
            episodes.add(episode(file, "episodes[" + e + "]", list.get(e), e));
        }
        OptionalDouble highest = OptionalDouble.empty();
        JsonNode rate = root.get("highestRateMetRequestsPerSecond");
        if (rate != null) {
            highest = OptionalDouble.of(positive(file, "highestRateMetRequestsPerSecond", rate));
        }
        Optional<Machine> machine = JmhResultReader.readEnvironment(file.resolveSibling(RunFolder.ENVIRONMENT_FILE));
        return new LoadInput(source, file, model, engine, promptTokens, newTokens, slo, episodes, highest, machine);
    }

    private static Episode episode(Path file, String at, JsonNode node, int index) {
        if (node == null || !node.isObject()) {
            throw field(file, at, "is " + shown(node) + ", not an object", "run the load again");
        }
        String shape = text(file, node, at, "shape");
        JsonNode concurrency = node.get("concurrency");
        JsonNode rate = node.get("requestsPerSecond");
        boolean closed;
        double x;
        if (concurrency != null && rate == null) {
            if (!concurrency.canConvertToExactIntegral() || concurrency.asLong() < 1 || concurrency.asLong() > Integer.MAX_VALUE) {
                throw field(file, at + ".concurrency", "is " + shown(concurrency) + ", not a positive integer", "run the load again");
            }
            closed = true;
            x = concurrency.asLong();
        } else if (rate != null && concurrency == null) {
            closed = false;
            x = positive(file, at + ".requestsPerSecond", rate);
        } else {
            throw field(file, at, "has " + (concurrency == null ? "neither concurrency nor requestsPerSecond" : "both concurrency and requestsPerSecond"),
                    "an episode is a closed loop (concurrency) or an open loop (requestsPerSecond); run the load again");
        }
        JsonNode met = node.get("metSlo");
        if (met == null || !met.isBoolean()) {
            throw field(file, at + ".metSlo", "is " + shown(met) + ", not true or false", "run the load again");
        }
        JsonNode figures = node.get("figures");
        if (figures == null || !figures.isObject()) {
            throw field(file, at + ".figures", "is " + shown(figures) + ", not an object of figures by label", "run the load again");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : figures.properties()) {
            String where = at + ".figures." + entry.getKey();
            if (Figure.byLabel(entry.getKey()).isEmpty()) {
                throw field(file, at + ".figures", "has " + JmhResultReader.oneLine(entry.getKey()) + ", which is no figure of docs/metrics.md",
                        "remove it or write the file with this tokenbench's load");
            }
            JsonNode value = entry.getValue();
            if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0) {
                throw field(file, where, "is " + shown(value) + ", not a finite number >= 0", "run the load again");
            }
            values.put(entry.getKey(), value.asDouble());
        }
        return new Episode(index, closed, x, shape, values, met.asBoolean());
    }

    private static String slo(Path file, JsonNode slo) {
        if (slo == null || !slo.isObject()) {
            throw field(file, "slo", "is " + shown(slo) + ", not an object", "run the load again");
        }
        String name = text(file, slo, "slo", "name");
        long ttft = positiveLong(file, "slo.ttftLimitNanos", slo.get("ttftLimitNanos"));
        long tpot = positiveLong(file, "slo.tpotLimitNanos", slo.get("tpotLimitNanos"));
        double percentile = positive(file, "slo.percentile", slo.get("percentile"));
        if (percentile > 100) {
            throw field(file, "slo.percentile", "is " + percentile + ", above 100", "run the load again");
        }
        return new Slo(name, ttft, tpot, percentile).describe();
    }

    private static long positiveLong(Path file, String field, JsonNode value) {
        if (value == null || !value.canConvertToExactIntegral() || value.asLong() < 1) {
            throw field(file, field, "is " + shown(value) + ", not a positive whole number", "run the load again");
        }
        return value.asLong();
    }

    private static String text(Path file, JsonNode node, String field) {
        return text(file, node, null, field);
    }

    private static String text(Path file, JsonNode node, String at, String field) {
        JsonNode value = node.get(field);
        String name = at == null ? field : at + "." + field;
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw field(file, name, "is " + shown(value) + ", not a non-empty string", "run the load again");
        }
        return JmhResultReader.oneLine(value.asText());
    }

    private static int positiveInt(Path file, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
            throw field(file, field, "is " + shown(value) + ", not a positive integer", "run the load again");
        }
        return value.asInt();
    }

    private static double positive(Path file, String field, JsonNode value) {
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble()) || !(value.asDouble() > 0)) {
            throw field(file, field, "is " + shown(value) + ", not a positive number", "run the load again");
        }
        return value.asDouble();
    }

    private static String shown(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        String text = value.toString();
        return JmhResultReader.oneLine(text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    private static IllegalArgumentException field(Path file, String field, String problem, String fix) {
        return new IllegalArgumentException(file + ": field " + field + " " + problem + "; " + fix);
    }
}
