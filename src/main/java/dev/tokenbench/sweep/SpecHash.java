package dev.tokenbench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a spec that decides what a finished result measured, in one canonical JSON form, its hash, and the
 * differences between two of them.
 *
 * <p>The canonical form holds the benchmarks, every axis with its expanded values (so {@code "1..8 x2"} and
 * {@code [1, 2, 4, 8]} are the same spec), the exclusions and inclusions, the JMH settings, the rounds and the
 * seed. It leaves out the name and description, and the timeout: a longer timeout changes which configurations
 * finish, not what a finished one measured, so raising it and resuming is allowed.
 */
public final class SpecHash {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpecHash() {
    }

    /** The canonical form of {@code spec}. */
    public static ObjectNode canonical(SweepSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode benchmarks = root.putArray("benchmark");
        spec.benchmarks().forEach(benchmark -> benchmarks.add(benchmark.key()));
        root.set("axes", axes(spec.axes()));
        ArrayNode exclusions = root.putArray("exclude");
        spec.exclusions().forEach(selection -> exclusions.add(axes(selection.values())));
        ArrayNode inclusions = root.putArray("include");
        spec.inclusions().forEach(selection -> inclusions.add(axes(selection.values())));
        ObjectNode jmh = root.putObject("jmh");
        jmh.put("forks", spec.jmh().forks());
        jmh.put("warmupIterations", spec.jmh().warmupIterations());
        jmh.put("measurementIterations", spec.jmh().measurementIterations());
        if (spec.jmh().iterationMillis().isPresent()) {
            jmh.put("iterationMillis", spec.jmh().iterationMillis().getAsLong());
        }
        root.put("rounds", spec.rounds());
        root.put("seed", spec.seed());
        return root;
    }

    /** {@code sha256:} and the hex SHA-256 of the canonical form's compact JSON. */
    public static String hash(JsonNode canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(MAPPER.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash a spec: " + e.getMessage(), e);
        }
    }

    /** The hash of {@code spec}'s canonical form. */
    public static String hash(SweepSpec spec) {
        return hash(canonical(spec));
    }

    /**
     * What differs between two canonical forms, one entry per changed key: {@code axes.batchSize: [1,2] -> [1,2,4]}.
     * Empty when they are equal.
     */
    public static List<String> differences(JsonNode before, JsonNode after) {
        List<String> differences = new ArrayList<>();
        compare("", before, after, differences);
        return differences;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<String> differences) {
        if (before != null && after != null && before.isObject() && after.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(path.isEmpty() ? name : path + "." + name, before.get(name), after.get(name), differences);
            }
        } else if (before == null || after == null || !before.toString().equals(after.toString())) {
            // Compared as JSON text: a number read back from a file may be another node type of the same value.
            differences.add(path + ": " + (before == null ? "(absent)" : before.toString()) + " -> "
                    + (after == null ? "(absent)" : after.toString()));
        }
    }

    private static ObjectNode axes(Map<SweepAxis, List<String>> axes) {
        ObjectNode node = MAPPER.createObjectNode();
        for (SweepAxis axis : SweepAxis.values()) {
            List<String> values = axes.get(axis);
            if (values == null) {
                continue;
            }
            ArrayNode array = node.putArray(axis.key());
            for (String value : values) {
                if (axis.integer()) {
                    array.add(Integer.parseInt(value));
                } else {
                    array.add(value);
                }
            }
        }
        return node;
    }
}
