package dev.tokenbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The comparison as JSON, schema version {@value #SCHEMA_VERSION}: {@code schemaVersion}, {@code baseline},
 * {@code inputs} (label and machine facts), {@code fairness}, {@code limits} (why roofline figures are absent), {@code workloads} (the workload's parameters as
 * JMH wrote them, its baseline label, fairness notes and rows; each row's {@code figures} by
 * {@link Metric#key()} in base units, {@code null} when absent, its per-iteration values, and its
 * {@code ratios} against the baseline, and {@code forkJvm}, the Java runtime its forks ran on, {@code null} when unknown) and {@code charts} (file or skip reason). Fields are only ever added
 * within a schema version; a change of meaning bumps it.
 */
final class JsonReport {

    /** The version of this JSON form. */
    static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {
    }

    static String render(Comparison comparison, List<ReportChart> charts) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("generator", "tokenbench report");
        root.put("baseline", comparison.baseline().orElse(null));
        ArrayNode inputs = root.putArray("inputs");
        for (String source : comparison.sources()) {
            ObjectNode input = inputs.addObject();
            input.put("source", source);
            Machine machine = comparison.machines().get(source);
            if (machine == null) {
                input.putNull("machine");
            } else {
                ObjectNode m = input.putObject("machine");
                m.put("cpuModel", machine.cpuModel());
                m.put("cores", machine.cores());
                if (machine.memoryBytes().isPresent()) {
                    m.put("memoryBytes", machine.memoryBytes().getAsLong());
                } else {
                    m.putNull("memoryBytes");
                }
                m.put("os", machine.os());
                m.put("jvm", machine.jvm());
                m.put("versions", machine.versions());
                m.put("gitCommit", machine.gitCommit().orElse(null));
                m.put("date", machine.date().orElse(null));
            }
        }
        ArrayNode fairness = root.putArray("fairness");
        comparison.fairness().forEach(fairness::add);
        ArrayNode limits = root.putArray("limits");
        comparison.limits().forEach(limits::add);
        ArrayNode workloads = root.putArray("workloads");
        for (WorkloadGroup group : comparison.groups()) {
            workloads.add(workload(group));
        }
        servingOverhead(root.putArray("servingOverhead"), ServingOverhead.of(comparison));
        ArrayNode chartArray = root.putArray("charts");
        for (ReportChart chart : charts) {
            ObjectNode c = chartArray.addObject();
            c.put("name", chart.name());
            c.put("title", chart.title());
            c.put("png", chart.skipped().isPresent() ? null : "charts/" + chart.name() + ".png");
            c.put("svg", chart.skipped().isPresent() ? null : "charts/" + chart.name() + ".svg");
            c.put("caption", chart.skipped().isPresent() ? null : chart.caption());
            c.put("skipped", chart.skipped().orElse(null));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON report: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode workload(WorkloadGroup group) {
        ObjectNode w = MAPPER.createObjectNode();
        WorkloadKey k = group.workload();
        w.put("benchmark", k.benchmark());
        w.put("mode", k.mode());
        w.put("model", k.model());
        w.put("precision", k.precision());
        w.put("batchSize", k.batchSize());
        w.put("promptTokens", k.promptTokens());
        w.put("newTokens", k.newTokens());
        w.put("threads", k.threads());
        w.put("baseline", group.baseline().orElse(null));
        ArrayNode fairness = w.putArray("fairness");
        group.fairness().forEach(fairness::add);
        ArrayNode rows = w.putArray("rows");
        for (ComparedRow compared : group.rows()) {
            ReportRow row = compared.row();
            ObjectNode r = rows.addObject();
            r.put("label", compared.label());
            r.put("source", row.source());
            r.put("framework", row.framework());
            r.put("baseline", compared.baseline());
            r.put("status", row.isFailed() ? "failed" : "ok");
            r.put("failure", row.failure().orElse(null));
            r.put("rssPeakScope", row.value(Metric.PEAK_RSS).isEmpty() ? null : row.rssSinceForkStart() ? "since_fork_start" : "per_iteration");
            r.put("itlRule", row.itlRule().isEmpty() ? null : row.itlRule());
            number(r, "jmhPrimaryScore", row.primaryScore());
            r.put("jmhPrimaryUnit", row.primaryUnit());
            r.put("forkJvm", row.forkJvm().isEmpty() ? null : row.forkJvm());
            ObjectNode figures = r.putObject("figures");
            ObjectNode iterations = r.putObject("iterations");
            for (Metric metric : Metric.values()) {
                number(figures, metric.key(), row.value(metric));
                double[] values = row.iterations(metric);
                if (values.length > 0) {
                    ArrayNode array = iterations.putArray(metric.key());
                    for (double value : values) {
                        array.add(value);
                    }
                }
            }
            ratios(r.putObject("ratios"), compared.ratios());
        }
        return w;
    }

    private static void ratios(ObjectNode ratios, Map<Metric, RatioEstimate> estimates) {
        for (Map.Entry<Metric, RatioEstimate> entry : estimates.entrySet()) {
            RatioEstimate e = entry.getValue();
            ObjectNode ratio = ratios.putObject(entry.getKey().key());
            number(ratio, "ratio", Double.isFinite(e.ratio()) ? OptionalDouble.of(e.ratio()) : OptionalDouble.empty());
            number(ratio, "ci95Lower", e.ci95Lower());
            number(ratio, "ci95Upper", e.ci95Upper());
            number(ratio, "pValue", e.pValue());
            ratio.put("iterations", e.iterations());
            ratio.put("baselineIterations", e.baselineIterations());
            ratio.put("verdict", e.verdict().name().toLowerCase(Locale.ROOT));
        }
    }

    /** Each HTTP row over its in-process row ({@link ServingOverhead}): HTTP / in-process per figure. */
    private static void servingOverhead(ArrayNode array, List<ServingOverhead> overheads) {
        for (ServingOverhead overhead : overheads) {
            ObjectNode o = array.addObject();
            o.put("httpLabel", overhead.httpLabel());
            o.put("httpModel", overhead.httpWorkload().model());
            o.put("inProcessLabel", overhead.inProcessLabel());
            o.put("inProcessModel", overhead.inProcessWorkload().model());
            o.put("benchmark", overhead.httpWorkload().benchmark());
            o.put("precision", overhead.httpWorkload().precision());
            o.put("batchSize", overhead.httpWorkload().batchSize());
            o.put("promptTokens", overhead.httpWorkload().promptTokens());
            o.put("newTokens", overhead.httpWorkload().newTokens());
            o.put("threads", overhead.httpWorkload().threads());
            ratios(o.putObject("ratios"), overhead.ratios());
        }
    }

    private static void number(ObjectNode node, String field, OptionalDouble value) {
        if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
            node.put(field, value.getAsDouble());
        } else {
            node.putNull(field);
        }
    }
}
