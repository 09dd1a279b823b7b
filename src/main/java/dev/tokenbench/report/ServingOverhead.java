package dev.tokenbench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cost of serving over HTTP: an {@code openai} row on {@code serve:FRAMEWORK/MODEL} (FRAMEWORK's engine behind
 * tokenbench's {@code serve} in the fork, reached over loopback) over FRAMEWORK's in-process row of MODEL with the same
 * benchmark, precision, batch, prompt, new tokens and threads, as ratios with 95% intervals from the same statistics
 * as every other ratio of the report ({@link Comparison#ratio}).
 *
 * @param httpLabel      the HTTP row's label in its workload
 * @param httpWorkload   the HTTP row's workload (model {@code serve:FRAMEWORK/MODEL})
 * @param inProcessLabel the in-process row's label in its workload
 * @param inProcessWorkload the in-process row's workload (model MODEL)
 * @param ratios         HTTP / in-process, per figure of {@link #FIGURES} both rows have
 * @param httpReplicates what the HTTP row's replicates are ({@code rounds} of a sweep, else {@code iterations})
 * @param inProcessReplicates what the in-process row's replicates are
 */
public record ServingOverhead(String httpLabel, WorkloadKey httpWorkload, String inProcessLabel, WorkloadKey inProcessWorkload,
                              Map<Metric, RatioEstimate> ratios, String httpReplicates, String inProcessReplicates) {

    /** The figures the overhead is stated in: what HTTP adds before the first token, per token, and to the throughput. */
    public static final List<Metric> FIGURES = List.of(Metric.TTFT_P50, Metric.ITL_MEAN, Metric.OUTPUT_TOKENS_PER_SECOND);

    /** The framework of the HTTP client engine. */
    static final String HTTP_FRAMEWORK = "openai";

    /** The model prefix of an engine served in the fork ({@code serve:FRAMEWORK/MODEL}, the openai engine's form). */
    static final String SERVE_PREFIX = "serve:";

    public ServingOverhead {
        ratios = Collections.unmodifiableMap(new EnumMap<>(ratios));
    }

    /**
     * Every HTTP row of the comparison paired with its in-process row, in the order of the workloads; an HTTP row
     * without one (the in-process framework did not run that workload) is left out. Prefers an in-process row of the
     * same input (run folder or sweep) when several inputs ran it.
     */
    static List<ServingOverhead> of(Comparison comparison) {
        List<ServingOverhead> overheads = new ArrayList<>();
        for (WorkloadGroup group : comparison.groups()) {
            Optional<String[]> served = served(group.workload().model());
            if (served.isEmpty()) {
                continue;
            }
            WorkloadKey k = group.workload();
            WorkloadKey inProcess = new WorkloadKey(k.benchmark(), k.mode(), served.get()[1], k.precision(), k.batchSize(), k.promptTokens(),
                    k.newTokens(), k.threads());
            Optional<WorkloadGroup> local = comparison.groups().stream().filter(g -> g.workload().equals(inProcess)).findFirst();
            if (local.isEmpty()) {
                continue;
            }
            for (ComparedRow http : group.rows()) {
                if (!http.row().framework().equals(HTTP_FRAMEWORK) || http.row().isFailed()) {
                    continue;
                }
                List<ComparedRow> candidates = local.get().rows().stream()
                        .filter(r -> r.row().framework().equals(served.get()[0]) && !r.row().isFailed()).toList();
                Optional<ComparedRow> match = candidates.stream().filter(r -> r.row().source().equals(http.row().source())).findFirst()
                        .or(() -> candidates.stream().findFirst());
                if (match.isEmpty()) {
                    continue;
                }
                Map<Metric, RatioEstimate> ratios = new EnumMap<>(Metric.class);
                for (Metric metric : FIGURES) {
                    Comparison.ratio(http.row(), match.get().row(), metric).ifPresent(ratio -> ratios.put(metric, ratio));
                }
                overheads.add(new ServingOverhead(http.label(), k, match.get().label(), inProcess, ratios, comparison.replicateUnit(http.row()),
                        comparison.replicateUnit(match.get().row())));
            }
        }
        return overheads;
    }

    /** {FRAMEWORK, MODEL} of a {@code serve:FRAMEWORK/MODEL} model, else empty. */
    static Optional<String[]> served(String model) {
        if (!model.startsWith(SERVE_PREFIX)) {
            return Optional.empty();
        }
        String rest = model.substring(SERVE_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new String[] {rest.substring(0, slash), rest.substring(slash + 1)});
    }
}
