package dev.tokenbench.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pools the rounds of a sweep into one input whose replicates are the rounds.
 *
 * <p>A configuration (framework and workload) becomes one row. Its figure is the mean over the rounds that
 * measured it of each round's own figure (that round's merge of its iterations: percentiles of pooled samples,
 * totals over totals); its per-replicate values, which the report's intervals and tests use, are those round
 * figures, one per round. Iterations inside one round stay inside that round's figure: they share one JVM and
 * one stretch of machine time, so they are not independent of each other, while rounds (each configuration run
 * once per round, the rounds in seeded random orders) are. A round in which a configuration failed is left out
 * of its figures and listed with its reason; a configuration that failed in every round is a failed row.
 */
final class RoundPool {

    private RoundPool() {
    }

    /**
     * @param source the sweep's label
     * @param rounds each round's input, in round order; their labels (e.g. {@code round-2}) name the rounds in failures
     */
    static ReportInput pool(String source, List<ReportInput> rounds) {
        Map<List<Object>, List<ReportRow>> done = new LinkedHashMap<>();
        Map<List<Object>, List<String>> failedRounds = new LinkedHashMap<>();
        Map<List<Object>, ReportRow> first = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Optional<Machine> machine = Optional.empty();
        Set<String> limitNotes = new LinkedHashSet<>();
        int forks = 0;
        for (ReportInput round : rounds) {
            if (machine.isEmpty()) {
                machine = round.machine();
            }
            limitNotes.addAll(round.limitNotes());
            forks = Math.max(forks, round.forks().orElse(0));
            for (ReportRow row : round.rows()) {
                List<Object> key = List.of(row.framework(), row.workload());
                first.putIfAbsent(key, row);
                done.computeIfAbsent(key, k -> new ArrayList<>());
                if (row.isFailed()) {
                    failedRounds.computeIfAbsent(key, k -> new ArrayList<>()).add(row.failure().orElseThrow());
                    failures.add(row.framework() + ", " + row.workload().describe() + ", " + round.source() + ": " + row.failure().orElseThrow());
                } else {
                    done.get(key).add(row);
                }
            }
        }
        List<ReportRow> pooled = new ArrayList<>();
        for (Map.Entry<List<Object>, List<ReportRow>> entry : done.entrySet()) {
            ReportRow model = first.get(entry.getKey());
            List<ReportRow> measured = entry.getValue();
            if (measured.isEmpty()) {
                List<String> reasons = failedRounds.get(entry.getKey());
                pooled.add(ReportRow.failed(source, model.framework(), model.workload(), reasons.get(0)
                        + (reasons.size() > 1 ? " (failed in all " + reasons.size() + " rounds)" : "")));
            } else {
                pooled.add(pooledRow(source, measured));
            }
        }
        return new ReportInput(source, pooled, machine, List.copyOf(limitNotes), forks > 0 ? OptionalInt.of(forks) : OptionalInt.empty(),
                OptionalInt.of(rounds.size()), failures);
    }

    /** One row of the rounds that measured a configuration: means of round figures, round figures as replicates. */
    private static ReportRow pooledRow(String source, List<ReportRow> measured) {
        ReportRow model = measured.get(0);
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        Map<Metric, double[]> replicates = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            double[] perRound = measured.stream().map(row -> row.value(metric)).filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble).toArray();
            if (perRound.length > 0) {
                values.put(metric, dev.tokenbench.measure.Statistics.mean(perRound));
                replicates.put(metric, perRound);
            }
        }
        double[] scores = measured.stream().map(ReportRow::primaryScore).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
        boolean sinceForkStart = measured.stream().anyMatch(ReportRow::rssSinceForkStart);
        return new ReportRow(source, model.framework(), model.workload(), values, replicates,
                scores.length > 0 ? OptionalDouble.of(dev.tokenbench.measure.Statistics.mean(scores)) : OptionalDouble.empty(),
                model.primaryUnit(), sinceForkStart, Optional.empty(),
                measured.stream().map(ReportRow::forkJvm).filter(jvm -> !jvm.isEmpty()).distinct().collect(Collectors.joining(" / ")));
    }
}
