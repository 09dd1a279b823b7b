package dev.tokenbench.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/**
 * The JSON form of {@link BenchmarkResult}: stable field names, ISO-8601 timestamps, absent figures as
 * {@code null}, and a {@code schemaVersion} that readers check.
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
