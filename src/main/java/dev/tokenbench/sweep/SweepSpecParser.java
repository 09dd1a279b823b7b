package dev.tokenbench.sweep;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a sweep file (JSON). Every problem is one {@link SweepSpecException} line naming the file and the key.
 *
 * <pre>{@code
 * {
 *   "name": "default",
 *   "benchmark": "generation",                         // or prefill, decode, or a list of them
 *   "axes": {
 *     "framework": ["djl-pytorch", "llama.cpp"],       // required
 *     "model": ["tiny", "small"],                      // required
 *     "precision": ["f32"],                            // default f32
 *     "batchSize": "1..16 x2",                         // a list, one value, or a range; default 1
 *     "promptTokens": [32, 128, 512],                  // default 128
 *     "newTokens": [64],                               // default: the benchmark's (64 generation, 1 prefill, 32 decode)
 *     "threads": [2]                                   // default 1
 *   },
 *   "exclude": [{"model": "small", "batchSize": 16}],  // drops every configuration it matches
 *   "include": [{"framework": "llama.cpp", "precision": "q8_0", "model": "small", "batchSize": 1}],
 *   "jmh": {"forks": 1, "warmupIterations": 2, "measurementIterations": 10, "iterationTime": "1s"},
 *   "timeout": "10m",                                  // per configuration and round
 *   "rounds": 3,
 *   "seed": 42
 * }
 * }</pre>
 */
public final class SweepSpecParser {

    /** Keys a spec file may have at the top level. */
    static final List<String> KEYS = List.of("name", "description", "benchmark", "axes", "exclude", "include", "jmh", "timeout", "rounds", "seed");
    /** Keys of the {@code jmh} object. */
    static final List<String> JMH_KEYS = List.of("forks", "warmupIterations", "measurementIterations", "iterationTime");
    /** A configuration's time limit when the spec gives none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** The round-order seed when the spec gives none. */
    static final long DEFAULT_SEED = 42;

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String source;

    private SweepSpecParser(String source) {
        this.source = source;
    }

    /**
     * Reads and checks a spec file.
     *
     * @throws SweepSpecException for a missing, malformed or invalid file, naming the file and the key
     */
    public static SweepSpec parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SweepSpecException(file.toString(), "", "no such file");
        } catch (IOException e) {
            throw new SweepSpecException(file.toString(), "", "cannot read: " + e.getMessage());
        }
        String fileName = file.getFileName().toString();
        return parse(text, file.toString(), fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName);
    }

    /**
     * Reads and checks a spec given as text.
     *
     * @param source      how messages name it (a file name)
     * @param defaultName the spec's name if it has no {@code name}
     */
    public static SweepSpec parse(String text, String source, String defaultName) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SweepSpecException(source, "", "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        return new SweepSpecParser(source).spec(root, defaultName);
    }

    private SweepSpec spec(JsonNode root, String defaultName) {
        if (root == null || !root.isObject()) {
            throw error("", "must be a JSON object with at least \"axes\"");
        }
        checkKeys(root, "", KEYS);
        String name = root.has("name") ? text(root.get("name"), "name") : defaultName;
        List<SweepBenchmark> benchmarks = benchmarks(root.get("benchmark"));
        JsonNode axesNode = root.get("axes");
        if (axesNode == null || !axesNode.isObject()) {
            throw error("axes", "missing: an object with at least \"framework\" and \"model\"");
        }
        checkKeys(axesNode, "axes", SweepAxis.keys());
        for (SweepAxis required : List.of(SweepAxis.FRAMEWORK, SweepAxis.MODEL)) {
            if (!axesNode.has(required.key())) {
                throw error("axes." + required.key(), "missing: every sweep names its " + required.key() + "s");
            }
        }
        Map<SweepAxis, List<String>> axes = new EnumMap<>(SweepAxis.class);
        for (SweepAxis axis : SweepAxis.values()) {
            JsonNode values = axesNode.get(axis.key());
            if (values == null) {
                axes.put(axis, List.of(defaultValue(axis, benchmarks)));
            } else {
                axes.put(axis, values(values, "axes." + axis.key(), axis));
            }
        }
        List<Selection> exclusions = selections(root.get("exclude"), "exclude");
        List<Selection> inclusions = selections(root.get("include"), "include");
        JmhSettings jmh = jmh(root.get("jmh"));
        Duration timeout = root.has("timeout") ? duration(root.get("timeout"), "timeout") : DEFAULT_TIMEOUT;
        int rounds = root.has("rounds") ? positiveInt(root.get("rounds"), "rounds") : 1;
        long seed = DEFAULT_SEED;
        if (root.has("seed")) {
            JsonNode node = root.get("seed");
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw error("seed", "must be an integer, was " + node);
            }
            seed = node.asLong();
        }
        return new SweepSpec(source, name, benchmarks, axes, exclusions, inclusions, jmh, timeout, rounds, seed);
    }

    private List<SweepBenchmark> benchmarks(JsonNode node) {
        if (node == null) {
            return List.of(SweepBenchmark.GENERATION);
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
            if (items.isEmpty()) {
                throw error("benchmark", "empty; valid: " + String.join(", ", SweepBenchmark.keys()));
            }
        } else {
            items.add(node);
        }
        Set<SweepBenchmark> benchmarks = new LinkedHashSet<>();
        for (JsonNode item : items) {
            String key = item.isTextual() ? item.asText() : item.toString();
            SweepBenchmark benchmark = SweepBenchmark.byKey(key).orElseThrow(
                    () -> error("benchmark", "unknown benchmark '" + key + "'; valid: " + String.join(", ", SweepBenchmark.keys())));
            if (!benchmarks.add(benchmark)) {
                throw error("benchmark", "'" + key + "' appears twice");
            }
        }
        return List.copyOf(benchmarks);
    }

    static String defaultValue(SweepAxis axis, List<SweepBenchmark> benchmarks) {
        return switch (axis) {
            case PRECISION -> "f32";
            case BATCH_SIZE, THREADS -> "1";
            case PROMPT_TOKENS -> "128";
            case NEW_TOKENS -> Integer.toString(benchmarks.get(0).defaultNewTokens());
            case FRAMEWORK, MODEL -> throw new IllegalStateException(axis + " has no default");
        };
    }

    /** An axis's values: a list, one value, or (integer axes) a range; never empty, never repeated. */
    private List<String> values(JsonNode node, String key, SweepAxis axis) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw error(key, "empty axis: give at least one value, or leave the axis out for its default");
            }
            for (JsonNode item : node) {
                values.addAll(value(item, key, axis));
            }
        } else {
            values.addAll(value(node, key, axis));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String value : values) {
            if (!seen.add(value)) {
                throw error(key, "value " + value + " appears twice");
            }
        }
        return values;
    }

    private List<String> value(JsonNode item, String key, SweepAxis axis) {
        if (axis.integer()) {
            if (item.isTextual() && AxisValues.looksLikeRange(item.asText())) {
                try {
                    return AxisValues.range(item.asText()).stream().map(String::valueOf).toList();
                } catch (IllegalArgumentException e) {
                    throw error(key, e.getMessage());
                }
            }
            if (item.isIntegralNumber() && item.canConvertToInt() && item.asInt() >= 1) {
                return List.of(Integer.toString(item.asInt()));
            }
            if (item.isTextual() && item.asText().strip().matches("[1-9]\\d{0,8}")) {
                return List.of(item.asText().strip());
            }
            throw error(key, "must be positive integers or ranges (1..32 x2, 32..512 +32), was " + item);
        }
        if (!item.isTextual() || item.asText().isBlank()) {
            throw error(key, "must be non-empty strings, was " + item);
        }
        if (AxisValues.looksLikeRange(item.asText()) && axis != SweepAxis.MODEL) {
            throw error(key, "ranges are for integer axes only, was '" + item.asText() + "'");
        }
        return List.of(item.asText());
    }

    private List<Selection> selections(JsonNode node, String key) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(key, "must be a list of objects naming axis values, e.g. [{\"model\": \"small\", \"batchSize\": 16}]");
        }
        List<Selection> selections = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String itemKey = key + "[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject() || item.isEmpty()) {
                throw error(itemKey, "must be an object naming at least one axis value, e.g. {\"model\": \"small\", \"batchSize\": 16}");
            }
            checkKeys(item, itemKey, SweepAxis.keys());
            Map<SweepAxis, List<String>> values = new EnumMap<>(SweepAxis.class);
            for (Map.Entry<String, JsonNode> field : item.properties()) {
                SweepAxis axis = SweepAxis.byKey(field.getKey()).orElseThrow();
                values.put(axis, values(field.getValue(), itemKey + "." + field.getKey(), axis));
            }
            selections.add(new Selection(itemKey, values));
        }
        return selections;
    }

    private JmhSettings jmh(JsonNode node) {
        if (node == null) {
            return JmhSettings.DEFAULT;
        }
        if (!node.isObject()) {
            throw error("jmh", "must be an object with " + String.join(", ", JMH_KEYS));
        }
        checkKeys(node, "jmh", JMH_KEYS);
        JmhSettings defaults = JmhSettings.DEFAULT;
        int forks = node.has("forks") ? positiveInt(node.get("forks"), "jmh.forks") : defaults.forks();
        int warmup = defaults.warmupIterations();
        if (node.has("warmupIterations")) {
            JsonNode value = node.get("warmupIterations");
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
                throw error("jmh.warmupIterations", "must be a non-negative integer, was " + value);
            }
            warmup = value.asInt();
        }
        int measured = node.has("measurementIterations") ? positiveInt(node.get("measurementIterations"), "jmh.measurementIterations")
                : defaults.measurementIterations();
        OptionalLong iterationMillis = node.has("iterationTime")
                ? OptionalLong.of(duration(node.get("iterationTime"), "jmh.iterationTime").toMillis())
                : OptionalLong.empty();
        return new JmhSettings(forks, warmup, measured, iterationMillis);
    }

    /** A positive duration written as {@code 500ms}, {@code 90s}, {@code 10m} or {@code 1h}; empty for anything else. */
    public static Optional<Duration> parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return duration.isZero() ? Optional.empty() : Optional.of(duration);
    }

    /** A duration: {@code "500ms"}, {@code "90s"}, {@code "10m"}, {@code "1h"}, or a number of seconds. */
    private Duration duration(JsonNode node, String key) {
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() > 0) {
            return Duration.ofSeconds(node.asLong());
        }
        if (node.isTextual()) {
            Optional<Duration> duration = parseDuration(node.asText());
            if (duration.isPresent()) {
                return duration.get();
            }
        }
        throw error(key, "must be a positive duration such as \"500ms\", \"90s\", \"10m\" or a number of seconds, was " + node);
    }

    private int positiveInt(JsonNode node, String key) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            throw error(key, "must be a positive integer, was " + node);
        }
        return node.asInt();
    }

    private String text(JsonNode node, String key) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw error(key, "must be a non-empty string, was " + node);
        }
        return node.asText();
    }

    private void checkKeys(JsonNode object, String at, List<String> valid) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!valid.contains(name)) {
                String what = at.equals("axes") || at.startsWith("exclude") || at.startsWith("include") ? "unknown axis" : "unknown key";
                throw error(at.isEmpty() ? name : at + "." + name, what + " '" + name + "'; valid: " + String.join(", ", valid));
            }
        }
    }

    private SweepSpecException error(String key, String problem) {
        return new SweepSpecException(source, key, problem);
    }
}
