package dev.tokenbench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The index of a sweep folder ({@value SweepFolder#INDEX_FILE}): which spec (by canonical form and hash), which
 * shard(s), every configuration with its estimated seconds, and every run in plan order with its status.
 *
 * <p>The run folders are the truth: each finished run leaves {@value SweepFolder#RESULT_FILE} in its folder, and
 * a start rebuilds the statuses from them ({@link #withRecords}); the index is their summary, rewritten atomically
 * after every change, for people, dashboards and {@code sweep merge}.
 *
 * @param specName       the spec's name
 * @param specHash       {@link SpecHash#hash} of {@code spec}
 * @param spec           the spec's canonical form
 * @param shards         the shard this folder ran, or the shards merged into it
 * @param configurations the configurations of this folder, in spec order, with estimated seconds per round
 * @param runs           every run, in plan order
 */
public record SweepIndex(String specName, String specHash, JsonNode spec, List<Shard> shards, Map<Configuration, Double> configurations,
                         List<RunRecord> runs) {

    /** Version of the index format. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SweepIndex {
        Objects.requireNonNull(specName, "specName");
        Objects.requireNonNull(specHash, "specHash");
        Objects.requireNonNull(spec, "spec");
        shards = List.copyOf(shards);
        configurations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configurations));
        runs = List.copyOf(runs);
    }

    /** A new index: every planned run pending. */
    public static SweepIndex planned(SweepSpec spec, Shard shard, List<Configuration> configurations, CostModel cost, List<Run> plan) {
        Map<Configuration, Double> estimated = new LinkedHashMap<>();
        configurations.forEach(configuration -> estimated.put(configuration, cost.estimateSeconds(configuration)));
        ObjectNode canonical = SpecHash.canonical(spec);
        return new SweepIndex(spec.name(), SpecHash.hash(canonical), canonical, List.of(shard), estimated,
                plan.stream().map(run -> RunRecord.pending(run.key())).toList());
    }

    /**
     * This index with the statuses of finished runs found on disk: a run with a record takes it, every other run
     * is pending (including one a killed sweep left {@link RunStatus#RUNNING}).
     */
    public SweepIndex withRecords(Map<String, RunRecord> finished) {
        List<RunRecord> updated = new ArrayList<>();
        for (RunRecord run : runs) {
            RunRecord found = finished.get(run.key());
            updated.add(found != null && found.status() != RunStatus.RUNNING ? found : RunRecord.pending(run.key()));
        }
        return new SweepIndex(specName, specHash, spec, shards, configurations, updated);
    }

    /** This index with one run's record replaced. */
    public SweepIndex with(RunRecord record) {
        List<RunRecord> updated = new ArrayList<>(runs.size());
        boolean found = false;
        for (RunRecord run : runs) {
            if (run.key().equals(record.key())) {
                updated.add(record);
                found = true;
            } else {
                updated.add(run);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("run " + record.key() + " is not in this sweep");
        }
        return new SweepIndex(specName, specHash, spec, shards, configurations, updated);
    }

    /** The keys of the runs still to do (pending, running or failed), in plan order. */
    public List<String> unfinished() {
        return runs.stream().filter(run -> run.status() != RunStatus.DONE).map(RunRecord::key).toList();
    }

    /** The runs that failed. */
    public List<RunRecord> failed() {
        return runs.stream().filter(run -> run.status() == RunStatus.FAILED).toList();
    }

    /** How many runs are done. */
    public long doneCount() {
        return runs.stream().filter(run -> run.status() == RunStatus.DONE).count();
    }

    /**
     * Checks that {@code planned} is the same sweep as this (existing) index: the same spec and the same shard.
     *
     * @throws IllegalArgumentException naming the differences, so that results of two specs are never mixed
     */
    public void checkSameSweep(SweepIndex planned, String folder) {
        List<String> differences = SpecHash.differences(spec, planned.spec);
        if (!specHash.equals(planned.specHash) || !differences.isEmpty()) {
            throw new IllegalArgumentException(folder + " holds a sweep of a different spec (" + String.join("; ", differences)
                    + "); refusing to mix their results: run into a new --out folder, or restore the spec");
        }
        if (!shards.equals(planned.shards)) {
            throw new IllegalArgumentException(folder + " holds shard(s) " + shardsText(shards) + " of this spec, not "
                    + shardsText(planned.shards) + "; run into a new --out folder");
        }
    }

    /** Mean measured seconds per configuration id over its runs that finished with a result, for estimates. */
    public Map<String, Double> measuredSeconds() {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (RunRecord run : runs) {
            if (run.seconds().isPresent() && run.status() == RunStatus.DONE) {
                String id = run.key().substring(0, run.key().lastIndexOf("/round-"));
                double[] sum = sums.computeIfAbsent(id, k -> new double[2]);
                sum[0] += run.seconds().getAsDouble();
                sum[1]++;
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((id, sum) -> means.put(id, sum[0] / sum[1]));
        return means;
    }

    static String shardsText(List<Shard> shards) {
        return String.join(", ", shards.stream().map(Shard::toString).toList());
    }

    /** The index as JSON text. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("specName", specName);
        root.put("specHash", specHash);
        root.set("spec", spec);
        ArrayNode shardArray = root.putArray("shards");
        shards.forEach(shard -> shardArray.add(shard.toString()));
        ArrayNode configurationArray = root.putArray("configurations");
        configurations.forEach((configuration, seconds) -> {
            ObjectNode node = configurationArray.addObject();
            node.put("id", configuration.id());
            node.put("benchmark", configuration.benchmark().key());
            ObjectNode params = node.putObject("params");
            configuration.params().forEach(params::put);
            node.put("estimatedSeconds", Math.round(seconds * 10) / 10.0);
        });
        ArrayNode runArray = root.putArray("runs");
        for (RunRecord run : runs) {
            ObjectNode node = runArray.addObject();
            node.put("run", run.key());
            node.put("status", run.status().key());
            if (run.seconds().isPresent()) {
                node.put("seconds", Math.round(run.seconds().getAsDouble() * 1000) / 1000.0);
            }
            run.reason().ifPresent(reason -> node.put("reason", reason));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a sweep index: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an index written by {@link #toJson()}.
     *
     * @param source how messages name it
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static SweepIndex fromJson(String text, String source) {
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || !root.isObject() || root.path("schemaVersion").asInt() != SCHEMA_VERSION) {
                throw new IllegalArgumentException(source + ": not a tokenbench sweep index (schemaVersion " + SCHEMA_VERSION + ")");
            }
            List<Shard> shards = new ArrayList<>();
            root.path("shards").forEach(node -> shards.add(Shard.parse(node.asText())));
            Map<Configuration, Double> configurations = new LinkedHashMap<>();
            for (JsonNode node : root.path("configurations")) {
                SweepBenchmark benchmark = SweepBenchmark.byKey(node.path("benchmark").asText())
                        .orElseThrow(() -> new IllegalArgumentException("unknown benchmark " + node.path("benchmark")));
                Map<SweepAxis, String> values = new java.util.EnumMap<>(SweepAxis.class);
                for (SweepAxis axis : SweepAxis.values()) {
                    JsonNode value = node.path("params").get(axis.key());
                    if (value == null) {
                        throw new IllegalArgumentException("configuration " + node.path("id").asText() + " has no " + axis.key());
                    }
                    values.put(axis, value.asText());
                }
                configurations.put(Configuration.of(benchmark, values), node.path("estimatedSeconds").asDouble());
            }
            List<RunRecord> runs = new ArrayList<>();
            for (JsonNode node : root.path("runs")) {
                runs.add(new RunRecord(node.path("run").asText(), RunStatus.of(node.path("status").asText()),
                        node.has("seconds") ? OptionalDouble.of(node.get("seconds").asDouble()) : OptionalDouble.empty(),
                        node.has("reason") ? Optional.of(node.get("reason").asText()) : Optional.empty()));
            }
            return new SweepIndex(root.path("specName").asText(), root.path("specHash").asText(), root.path("spec"), shards, configurations, runs);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": malformed JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IllegalArgumentException(source + ": not a readable sweep index: " + e.getMessage(), e);
        }
    }
}
