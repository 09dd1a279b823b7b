package dev.tokenbench.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/**
 * The JSON form of {@link BenchmarkResult}: stable field names, ISO-8601 timestamps, absent figures as
 * {@code null}, and a {@code schemaVersion} that readers check.
 *
 * <p>Version 1 files are still read. Their {@code samples} held the four sample series and a list of requests
 * ({@code wallNanos}, {@code outputTokens}); they are read as the {@link TokenSamples} those give: the series, the
 * per-request wall times and tokens and their totals. The prefill and decode totals, which version 1 did not record,
 * are read as not recorded (prompt tokens -1, wall times 0), so the figures computed from them again are absent;
 * the figures the file stores are read as they are.
 */
public final class ResultJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ResultJson() {
    }

    /** The mapper every tokenbench JSON file is written and read with. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Pretty-printed JSON of a list of results. */
    public static String write(List<BenchmarkResult> results) {
        try {
            return MAPPER.writeValueAsString(results) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise results: " + e.getOriginalMessage(), e);
        }
    }

    /** Pretty-printed JSON of one result. */
    public static String write(BenchmarkResult result) {
        try {
            return MAPPER.writeValueAsString(result) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise result: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a JSON array of results.
     *
     * @param json   the text
     * @param source where the text came from (a file name), for error messages
     * @throws IllegalArgumentException naming the source, the line and column or the field, and what is wrong
     */
    public static List<BenchmarkResult> readList(String json, String source) {
        JsonNode root = parse(json, source);
        if (!root.isArray()) {
            throw new IllegalArgumentException(source + ": expected a JSON array of tokenbench results, found " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (int i = 0; i < root.size(); i++) {
            checkSchema(root.get(i), source + "[" + i + "]");
            upgrade(root.get(i));
        }
        try {
            return MAPPER.convertValue(root, new TypeReference<List<BenchmarkResult>>() { });
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + describe(e), e);
        }
    }

    /** Reads one result; see {@link #readList}. */
    public static BenchmarkResult read(String json, String source) {
        JsonNode root = parse(json, source);
        checkSchema(root, source);
        upgrade(root);
        try {
            return MAPPER.convertValue(root, BenchmarkResult.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + describe(e), e);
        }
    }

    private static JsonNode parse(String json, String source) {
        if (json.isBlank()) {
            throw new IllegalArgumentException(source + ": file is empty; expected tokenbench result JSON (a run that died leaves an empty file: run it again)");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new IllegalArgumentException(source + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
    }

    private static void checkSchema(JsonNode node, String source) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(source + ": expected a tokenbench result object, found " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode version = node.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new IllegalArgumentException(source + ": field schemaVersion is missing or not an integer; this is not a tokenbench result file");
        }
        int schema = version.asInt();
        if (schema < 1 || schema > BenchmarkResult.SCHEMA_VERSION) {
            throw new IllegalArgumentException(source + ": schemaVersion " + schema + " is not supported (this build reads 1 to "
                    + BenchmarkResult.SCHEMA_VERSION + "); use a tokenbench build at least as new as the one that wrote it");
        }
    }

    /** Rewrites a version 1 result (see the class comment) into the current form, in place; newer ones are left as they are. */
    private static void upgrade(JsonNode node) {
        ObjectNode result = (ObjectNode) node;
        if (result.get("schemaVersion").asInt() != 1) {
            return;
        }
        result.put("schemaVersion", BenchmarkResult.SCHEMA_VERSION);
        if (!(result.get("samples") instanceof ObjectNode old)) {
            return;  // reported by the conversion, naming the field
        }
        ObjectNode samples = MAPPER.createObjectNode();
        ArrayNode wallNanos = MAPPER.createArrayNode();
        ArrayNode outputTokens = MAPPER.createArrayNode();
        long outputTokenSum = 0;
        long wallNanosSum = 0;
        for (JsonNode request : old.path("requests")) {
            wallNanos.add(request.path("wallNanos").asLong());
            outputTokens.add(request.path("outputTokens").asLong());
            wallNanosSum += request.path("wallNanos").asLong();
            outputTokenSum += request.path("outputTokens").asLong();
        }
        int timesToFirstToken = old.path("timeToFirstTokenNanos").size();
        int endToEnds = old.path("endToEndNanos").size();
        samples.put("requests", wallNanos.size());
        samples.put("sequences", endToEnds);
        samples.put("streamed", timesToFirstToken > 0 && timesToFirstToken == endToEnds);
        for (String series : new String[] {"timeToFirstTokenNanos", "interTokenLatencyNanos", "timePerOutputTokenNanos", "endToEndNanos"}) {
            if (old.has(series)) {
                samples.set(series, old.get(series));
            }
        }
        samples.set("requestWallNanos", wallNanos);
        samples.set("requestOutputTokens", outputTokens);
        samples.put("outputTokens", outputTokenSum);
        samples.put("outputWallNanos", wallNanosSum);
        samples.put("promptTokens", -1);
        samples.put("prefillWallNanos", 0);
        samples.put("decodeTokens", 0);
        samples.put("decodeWallNanos", 0);
        samples.put("iterationWallNanos", 0);
        result.set("samples", samples);
    }

    private static String describe(IllegalArgumentException e) {
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            String path = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("(root)");
            return "field " + path + ": " + mismatch.getOriginalMessage();
        }
        if (e.getCause() instanceof JsonProcessingException processing) {
            return processing.getOriginalMessage();
        }
        return e.getMessage();
    }
}
