package dev.tokenbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every input's rows grouped by workload and compared with a baseline framework (or run): what every output
 * format renders.
 *
 * @param sources  the inputs' labels, in input order
 * @param machines machine facts by input label, for the inputs that had them
 * @param baseline the baseline framework or run label, absent when no row can be one
 * @param groups   the workloads, in natural order (benchmark, model, precision, batch, prompt, new tokens, threads)
 * @param fairness report-wide notes on what is not comparable
 * @param limits   why roofline figures (achieved bandwidth and FLOP/s, % of limit) are absent where they are
 * @param replicates what each input's replicates are: one note per input that pools rounds, and one per input whose
 *                   intervals reflect within-run noise only (a single fork or a single round)
 * @param roundSources the labels of the inputs that are sweeps whose rounds are their replicates (2 rounds or more)
 * @param failures  every configuration (and round) that produced no result, with its reason
 */
public record Comparison(List<String> sources, Map<String, Machine> machines, Optional<String> baseline,
                         List<WorkloadGroup> groups, List<String> fairness, List<String> limits, List<String> replicates,
                         Set<String> roundSources, List<String> failures) {

    public Comparison {
        sources = List.copyOf(sources);
        machines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(machines));
        Objects.requireNonNull(baseline, "baseline");
        groups = List.copyOf(groups);
        fairness = List.copyOf(fairness);
        limits = List.copyOf(limits);
        replicates = List.copyOf(replicates);
        roundSources = Set.copyOf(roundSources);
        failures = List.copyOf(failures);
    }

    /** Whether some input is a sweep whose rounds are its replicates. */
    public boolean roundsPooled() {
        return !roundSources.isEmpty();
    }

    /** What the replicates of {@code row} are called: {@code rounds} for a sweep's pooled rounds, else {@code iterations}. */
    public String replicateUnit(ReportRow row) {
        return roundSources.contains(row.source()) ? "rounds" : "iterations";
    }

    /**
     * Groups and compares the rows of {@code inputs}.
     *
     * @param baselineName a framework name or an input label; absent: the framework present in the most
     *                     workloads, preferring any real framework to {@code fake} (the harness-cost baseline)
     * @throws IllegalArgumentException if {@code baselineName} names nothing in the inputs
     */
    static Comparison of(List<ReportInput> inputs, Optional<String> baselineName) {
        List<String> sources = new ArrayList<>();
        Map<String, Machine> machines = new LinkedHashMap<>();
        Map<WorkloadKey, List<ReportRow>> byWorkload = new TreeMap<>();
        for (ReportInput input : inputs) {
            sources.add(input.source());
            input.machine().ifPresent(m -> machines.put(input.source(), m));
            for (ReportRow row : input.rows()) {
                byWorkload.computeIfAbsent(row.workload(), k -> new ArrayList<>()).add(row);
            }
        }
        Optional<String> baseline = baselineName.isPresent() ? Optional.of(checkBaseline(baselineName.get(), byWorkload, sources))
                : defaultBaseline(byWorkload);
        List<WorkloadGroup> groups = new ArrayList<>();
        for (Map.Entry<WorkloadKey, List<ReportRow>> entry : byWorkload.entrySet()) {
            groups.add(group(entry.getKey(), entry.getValue(), baseline, baselineName.isEmpty(), machines));
        }
        List<String> limits = new ArrayList<>();
        for (ReportInput input : inputs) {
            for (String note : input.limitNotes()) {
                limits.add(inputs.size() > 1 ? input.source() + ": " + note : note);
            }
        }
        List<String> replicates = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Set<String> pooled = new java.util.HashSet<>();
        for (ReportInput input : inputs) {
            replicateNote(input).ifPresent(replicates::add);
            if (input.rounds().isPresent() && input.rounds().getAsInt() > 1) {
                pooled.add(input.source());
            }
            for (String failure : input.failures()) {
                failures.add(inputs.size() > 1 ? input.source() + ": " + failure : failure);
            }
        }
        return new Comparison(sources, machines, baseline, groups, reportFairness(machines, sources, byWorkload), limits, replicates,
                pooled, failures);
    }

    /** The note on what an input's replicates are, when it pools rounds or has only within-run noise in its intervals. */
    static Optional<String> replicateNote(ReportInput input) {
        if (input.rounds().isPresent() && input.rounds().getAsInt() > 1) {
            return Optional.of(input.source() + ": " + input.rounds().getAsInt() + " rounds; each figure is the mean of the"
                    + " configuration's round figures, and its intervals and tests use the rounds as replicates");
        }
        if (!input.withinRunOnly()) {
            return Optional.empty();
        }
        String what = input.rounds().isPresent() ? "a single round" : input.forks().isPresent() ? "a single fork" : "a single run";
        return Optional.of(input.source() + ": " + what + ", so its intervals reflect within-run noise only (the iterations of one"
                + " JVM in one stretch of machine time); differences between runs, which rounds capture, can be larger");
    }

    private static String checkBaseline(String name, Map<WorkloadKey, List<ReportRow>> byWorkload, List<String> sources) {
        Set<String> frameworks = new java.util.TreeSet<>();
        for (List<ReportRow> rows : byWorkload.values()) {
            for (ReportRow row : rows) {
                frameworks.add(row.framework());
            }
        }
        if (frameworks.contains(name) || sources.contains(name)) {
            return name;
        }
        throw new IllegalArgumentException("--baseline-framework " + name + ": no such framework or run in the inputs; frameworks: "
                + String.join(", ", frameworks) + "; runs: " + String.join(", ", sources));
    }

    /** The framework with rows in the most workloads; real frameworks before {@code fake}; ties by name. */
    static Optional<String> defaultBaseline(Map<WorkloadKey, List<ReportRow>> byWorkload) {
        Map<String, Integer> workloads = new TreeMap<>();
        for (List<ReportRow> rows : byWorkload.values()) {
            Set<String> seen = new LinkedHashSet<>();
            for (ReportRow row : rows) {
                if (!row.isFailed() && !row.framework().equals(WorkloadKey.ABSENT)) {
                    seen.add(row.framework());
                }
            }
            seen.forEach(f -> workloads.merge(f, 1, Integer::sum));
        }
        return workloads.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>, Boolean>comparing(e -> e.getKey().equals(ReportRow.FAKE_FRAMEWORK))
                        .thenComparing(Map.Entry::getValue, Comparator.reverseOrder())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * One workload's rows, baseline first. When the default baseline did not run this workload, the workload's own
     * default (the same rule over its rows) stands in; an explicit baseline never does.
     */
    private static WorkloadGroup group(WorkloadKey workload, List<ReportRow> rows, Optional<String> baselineName, boolean fallBack,
                                       Map<String, Machine> machines) {
        Map<String, Integer> perFramework = new LinkedHashMap<>();
        for (ReportRow row : rows) {
            perFramework.merge(row.framework(), 1, Integer::sum);
        }
        ReportRow baseline = null;
        if (baselineName.isPresent()) {
            for (ReportRow row : rows) {
                if (!row.isFailed() && (row.framework().equals(baselineName.get()) || row.source().equals(baselineName.get()))) {
                    baseline = row;
                    break;
                }
            }
        }
        if (baseline == null && fallBack) {
            Optional<String> local = defaultBaseline(Map.of(workload, rows));
            if (local.isPresent()) {
                for (ReportRow row : rows) {
                    if (!row.isFailed() && row.framework().equals(local.get())) {
                        baseline = row;
                        break;
                    }
                }
            }
        }
        List<ComparedRow> compared = new ArrayList<>();
        Optional<String> baselineLabel = Optional.empty();
        for (ReportRow row : rows) {
            String label = label(row, perFramework);
            Map<Metric, RatioEstimate> ratios = new LinkedHashMap<>();
            if (baseline != null && row != baseline && !row.isFailed()) {
                for (Metric metric : Metric.COMPARED) {
                    ratio(row, baseline, metric).ifPresent(r -> ratios.put(metric, r));
                }
            }
            ComparedRow comparedRow = new ComparedRow(label, row, row == baseline, ratios);
            if (row == baseline) {
                baselineLabel = Optional.of(label);
                compared.add(0, comparedRow);
            } else {
                compared.add(comparedRow);
            }
        }
        return new WorkloadGroup(workload, compared, baselineLabel, groupFairness(rows, machines));
    }

    /** The framework's name, with the input's label when the workload holds the framework more than once; the benchmark without a framework. */
    private static String label(ReportRow row, Map<String, Integer> perFramework) {
        String name = row.framework().equals(WorkloadKey.ABSENT) ? row.workload().benchmark() : row.framework();
        return perFramework.get(row.framework()) > 1 ? name + " (" + row.source() + ")" : name;
    }

    static Optional<RatioEstimate> ratio(ReportRow row, ReportRow baseline, Metric metric) {
        if (row.value(metric).isEmpty() || baseline.value(metric).isEmpty()) {
            return Optional.empty();
        }
        double[] values = row.iterations(metric);
        double[] base = baseline.iterations(metric);
        if (values.length == 0 || base.length == 0) {
            double denominator = baseline.value(metric).getAsDouble();
            double ratio = denominator == 0 ? Double.NaN : row.value(metric).getAsDouble() / denominator;
            return Optional.of(new RatioEstimate(ratio, java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(),
                    java.util.OptionalDouble.empty(), values.length, base.length, Verdict.NOT_TESTED));
        }
        return Optional.of(RatioStatistics.compare(values, base, metric.direction()));
    }

    /** Rows of one workload measured on different hardware, or with a machine unknown. */
    /**
     * When the measured rows of a workload ran on different Java runtimes (jlama's forks on Java 21+, the others on the
     * JVM running tokenbench): which labels ran on which, in the order the runtimes first appear.
     */
    static Optional<String> forkJvmNote(List<ReportRow> rows) {
        Map<String, Set<String>> byJvm = new LinkedHashMap<>();
        boolean sources = rows.stream().map(ReportRow::source).distinct().count() > 1;
        for (ReportRow row : rows) {
            if (!row.isFailed() && !row.forkJvm().isEmpty()) {
                String name = (row.framework().equals(WorkloadKey.ABSENT) ? row.workload().benchmark() : row.framework())
                        + (sources ? " (" + row.source() + ")" : "");
                byJvm.computeIfAbsent(row.forkJvm(), k -> new LinkedHashSet<>()).add(name);
            }
        }
        if (byJvm.size() < 2) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        byJvm.forEach((jvm, names) -> parts.add(String.join(", ", names) + " on " + jvm));
        return Optional.of("forks ran on different JVMs: " + String.join("; ", parts));
    }

    private static List<String> groupFairness(List<ReportRow> rows, Map<String, Machine> machines) {
        List<String> notes = new ArrayList<>();
        Map<String, Set<String>> sourcesByHardware = new TreeMap<>();
        Set<String> unknown = new java.util.TreeSet<>();
        for (ReportRow row : rows) {
            Machine machine = machines.get(row.source());
            if (machine == null) {
                unknown.add(row.source());
            } else {
                sourcesByHardware.computeIfAbsent(machine.hardware(), k -> new java.util.TreeSet<>()).add(row.source());
            }
        }
        if (sourcesByHardware.size() > 1) {
            List<String> parts = new ArrayList<>();
            sourcesByHardware.forEach((hardware, sources) -> parts.add(String.join(", ", sources) + " on " + hardware));
            notes.add("different machines: " + String.join("; ", parts));
        }
        if (!unknown.isEmpty() && rows.stream().map(ReportRow::source).distinct().count() > 1) {
            notes.add("machine unknown (no env.json) for " + String.join(", ", unknown));
        }
        forkJvmNote(rows).ifPresent(notes::add);
        for (ReportRow row : rows) {
            engineTimerNote(row, Metric.TTFT_MEAN, Metric.ENGINE_PREFILL).ifPresent(notes::add);
            engineTimerNote(row, Metric.ITL_MEAN, Metric.ENGINE_ITL).ifPresent(notes::add);
        }
        return notes;
    }

    /**
     * A note when the harness's figure and the engine's own timer for the same span differ by more than
     * {@link Metric#ENGINE_TIMER_TOLERANCE} of the engine's: the harness counts tokenization, queueing and the
     * round trip to the caller, the engine only its own compute.
     */
    static Optional<String> engineTimerNote(ReportRow row, Metric harness, Metric engine) {
        if (row.value(harness).isEmpty() || row.value(engine).isEmpty() || row.value(engine).getAsDouble() <= 0) {
            return Optional.empty();
        }
        double harnessMillis = row.value(harness).getAsDouble();
        double engineMillis = row.value(engine).getAsDouble();
        double difference = (harnessMillis - engineMillis) / engineMillis;
        if (Math.abs(difference) <= Metric.ENGINE_TIMER_TOLERANCE) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT,
                "%s: harness %s %.3f ms differs by %+.0f%% from the engine's own timer, %s %.3f ms (the harness also counts"
                        + " tokenization, queueing of batch slots and the hand-over to the caller)",
                row.framework() + " (" + row.source() + ")", harness.title(), harnessMillis, 100 * difference, engine.title(), engineMillis));
    }

    /** Report-wide notes: inputs from different machines or JVMs, frameworks that never share a workload. */
    private static List<String> reportFairness(Map<String, Machine> machines, List<String> sources, Map<WorkloadKey, List<ReportRow>> byWorkload) {
        List<String> notes = new ArrayList<>();
        Set<String> hardware = new LinkedHashSet<>();
        Set<String> jvms = new LinkedHashSet<>();
        machines.values().forEach(m -> {
            hardware.add(m.hardware());
            jvms.add(m.jvm());
        });
        if (hardware.size() > 1) {
            notes.add("the inputs come from " + hardware.size() + " different machines (" + String.join("; ", hardware)
                    + "): speeds across them are not comparable");
        }
        if (jvms.size() > 1) {
            notes.add("the inputs ran on different JVMs: " + String.join("; ", jvms));
        }
        List<String> unknown = sources.stream().filter(s -> !machines.containsKey(s)).toList();
        if (!unknown.isEmpty()) {
            notes.add("no env.json for " + String.join(", ", unknown) + ": its machine cannot be checked");
        }
        Set<String> alone = new java.util.TreeSet<>();
        for (Map.Entry<WorkloadKey, List<ReportRow>> entry : byWorkload.entrySet()) {
            if (entry.getValue().size() == 1) {
                ReportRow row = entry.getValue().get(0);
                alone.add((row.framework().equals(WorkloadKey.ABSENT) ? entry.getKey().benchmark() : row.framework() + " on " + entry.getKey().model())
                        + " (" + row.source() + ")");
            }
        }
        if (!alone.isEmpty()) {
            notes.add("workloads with a single row have nothing to compare with: " + String.join(", ", alone)
                    + " (rows differing in model, precision, batch, prompt or new tokens, or threads are never compared)");
        }
        return notes;
    }
}
