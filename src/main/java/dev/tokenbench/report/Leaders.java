package dev.tokenbench.report;

import dev.tokenbench.measure.Figure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The report's summary: which framework leads where, per model and batch range, by how much, with the intervals.
 *
 * <p>For a figure and a workload with two or more real frameworks (never the {@code fake} engine), the leader is the
 * row with the best figure and the runner-up the second best; the lead is the factor by which the leader is better
 * (leader / runner-up for a throughput, runner-up / leader for a time or memory), with its 95% interval and test
 * from {@link RatioStatistics} on the rows' replicates. A batch size is led by a framework when that framework has a
 * significant lead in every workload of that batch size (one per prompt length); consecutive batch sizes led by the
 * same framework form a range, and a batch size without such a leader says so.
 */
final class Leaders {

    /** The figures the summary speaks of. */
    static final List<Metric> FIGURES = List.of(Metric.OUTPUT_TOKENS_PER_SECOND, Metric.TTFT_P50);

    private Leaders() {
    }

    /**
     * One workload's lead.
     *
     * @param leader   the best row's label
     * @param runnerUp the second best row's label
     * @param estimate the factor by which the leader is better, with its interval (always 1 or more as a ratio)
     */
    record Lead(String leader, String runnerUp, RatioEstimate estimate) {

        Lead {
            Objects.requireNonNull(leader, "leader");
            Objects.requireNonNull(runnerUp, "runnerUp");
            Objects.requireNonNull(estimate, "estimate");
        }

        /** Whether the test found the difference significant. */
        boolean significant() {
            return estimate.verdict() == Verdict.BETTER || estimate.verdict() == Verdict.WORSE;
        }
    }

    /** The lead in one workload, if it has two real frameworks with the figure. */
    static java.util.Optional<Lead> lead(WorkloadGroup group, Metric metric) {
        List<ComparedRow> rows = group.rows().stream()
                .filter(r -> !r.row().isFailed() && !r.row().framework().equals(ReportRow.FAKE_FRAMEWORK) && r.row().value(metric).isPresent())
                .toList();
        if (rows.size() < 2) {
            return java.util.Optional.empty();
        }
        boolean higher = metric.direction() == Figure.Direction.HIGHER_IS_BETTER;
        Comparator<ComparedRow> best = Comparator.comparingDouble(r -> r.row().value(metric).getAsDouble());
        List<ComparedRow> ranked = rows.stream().sorted(higher ? best.reversed() : best).toList();
        ComparedRow leader = ranked.get(0);
        ComparedRow runnerUp = ranked.get(1);
        RatioEstimate estimate = higher
                ? RatioStatistics.compare(leader.row().iterations(metric), runnerUp.row().iterations(metric), metric.direction())
                : RatioStatistics.compare(runnerUp.row().iterations(metric), leader.row().iterations(metric), metric.direction());
        if (leader.row().iterations(metric).length == 0 || runnerUp.row().iterations(metric).length == 0) {
            double factor = higher ? leader.row().value(metric).getAsDouble() / runnerUp.row().value(metric).getAsDouble()
                    : runnerUp.row().value(metric).getAsDouble() / leader.row().value(metric).getAsDouble();
            estimate = new RatioEstimate(factor, java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(),
                    java.util.OptionalDouble.empty(), 0, 0, Verdict.NOT_TESTED);
        }
        return java.util.Optional.of(new Lead(leader.label(), runnerUp.label(), estimate));
    }

    /** The summary sentences, one per figure and model (with its precision, new tokens and threads); empty when nothing compares. */
    static List<String> sentences(Comparison comparison) {
        List<String> sentences = new ArrayList<>();
        for (Metric metric : FIGURES) {
            // model, precision, new tokens, threads, benchmark -> batch size -> the leads of its workloads
            Map<List<String>, TreeMap<String, List<Lead>>> byModel = new LinkedHashMap<>();
            for (WorkloadGroup group : comparison.groups()) {
                WorkloadKey k = group.workload();
                List<String> key = List.of(k.model(), k.precision(), k.newTokens(), k.threads(), k.benchmark(), k.mode());
                java.util.Optional<Lead> lead = lead(group, metric);
                if (lead.isEmpty()) {
                    continue;
                }
                byModel.computeIfAbsent(key, x -> new TreeMap<>(WorkloadKey::compareNatural))
                        .computeIfAbsent(k.batchSize(), x -> new ArrayList<>()).add(lead.get());
            }
            for (Map.Entry<List<String>, TreeMap<String, List<Lead>>> model : byModel.entrySet()) {
                sentences.add(sentence(metric, model.getKey(), model.getValue()));
            }
        }
        return sentences;
    }

    /** {@code output tok/s, model tiny (f32, 64 new tokens, 1 thread): llama.cpp leads at batch 1-4 by ...; no clear leader at batch 8.} */
    static String sentence(Metric metric, List<String> key, TreeMap<String, List<Lead>> byBatch) {
        List<String> batches = new ArrayList<>(byBatch.keySet());
        // per batch size: the leader's label, or why there is none (in parentheses)
        List<String> outcomes = new ArrayList<>();
        for (String batch : batches) {
            List<Lead> leads = byBatch.get(batch);
            String leader = leads.get(0).leader();
            if (leads.stream().anyMatch(l -> !l.leader().equals(leader))) {
                outcomes.add("(the leader differs between prompt lengths)");
            } else if (leads.stream().allMatch(Lead::significant)) {
                outcomes.add(leader);
            } else {
                outcomes.add("(the difference is not significant)");
            }
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start < batches.size()) {
            int end = start;
            while (end + 1 < batches.size() && outcomes.get(end + 1).equals(outcomes.get(start))) {
                end++;
            }
            String range = start == end ? batches.get(start) : batches.get(start) + "-" + batches.get(end);
            List<Lead> leads = new ArrayList<>();
            for (int i = start; i <= end; i++) {
                leads.addAll(byBatch.get(batches.get(i)));
            }
            String outcome = outcomes.get(start);
            parts.add(outcome.startsWith("(") ? "no clear leader at batch " + range + " " + outcome
                    : outcome + " leads at batch " + range + " " + by(leads));
            start = end + 1;
        }
        String threads = key.get(3).equals("1") ? "1 thread" : key.get(3) + " threads";
        return metric.title() + (metric.direction() == Figure.Direction.HIGHER_IS_BETTER ? " (higher is better)" : " (lower is better)")
                + ", model " + key.get(0) + " (" + key.get(1) + ", " + key.get(2) + " new tokens, " + threads + "): "
                + String.join("; ", parts) + ".";
    }

    /** {@code by 1.52x [1.40, 1.66] over djl-pytorch}, or for several workloads the smallest and largest lead. */
    private static String by(List<Lead> leads) {
        List<Lead> sorted = leads.stream().sorted(Comparator.comparingDouble(l -> l.estimate().ratio())).toList();
        Lead least = sorted.get(0);
        Lead most = sorted.get(sorted.size() - 1);
        String over = String.join("/", leads.stream().map(Lead::runnerUp).distinct().toList());
        if (leads.size() == 1) {
            return "by " + factor(least) + " over " + over;
        }
        return "by " + factor(least) + " to " + factor(most) + " over " + over + " (" + leads.size() + " workloads)";
    }

    /** {@code 1.52x [1.40, 1.66]}, or {@code 1.52x (not tested)}. */
    private static String factor(Lead lead) {
        RatioEstimate e = lead.estimate();
        String interval = Formats.interval(e);
        return Formats.ratio(e.ratio()) + (interval.equals(Formats.ABSENT) ? " (not tested)" : " " + interval);
    }
}
