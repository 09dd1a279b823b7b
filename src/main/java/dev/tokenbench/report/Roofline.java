package dev.tokenbench.report;

import dev.tokenbench.calibrate.Calibration;
import dev.tokenbench.calibrate.ProductsFigure;
import dev.tokenbench.measure.Figure;
import dev.tokenbench.measure.StepCost;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.DoubleFunction;

/**
 * The roofline figures of each row: achieved decode bandwidth and prefill FLOP/s from the engine's stated
 * {@link StepCost} (the {@code step.*} figures) and the row's decode and prefill rates, and their shares of the
 * run's calibration (machine limit and framework limit). Each is computed by {@link Figure}'s formulas, for the
 * merged figure and for every iteration; a figure that cannot be computed is absent, and a note says why.
 */
final class Roofline {

    /** Rows with their roofline figures, and why some are absent. */
    record Derived(List<ReportRow> rows, List<String> notes) {
    }

    private Roofline() {
    }

    /**
     * @param calibration        the run's calibration, if it has one
     * @param withoutCalibration why it has none (shown when {@code calibration} is empty)
     */
    static Derived derive(List<ReportRow> rows, Optional<Calibration> calibration, String withoutCalibration) {
        Set<String> notes = new LinkedHashSet<>();
        Set<String> withoutCost = new java.util.TreeSet<>();
        List<ReportRow> out = new ArrayList<>(rows.size());
        boolean anyCost = false;
        for (ReportRow row : rows) {
            if (row.isFailed()) {
                out.add(row);
                continue;
            }
            Optional<StepCost> cost = stepCost(row);
            if (cost.isEmpty()) {
                withoutCost.add(row.framework().equals(WorkloadKey.ABSENT) ? "rows without a framework" : row.framework());
                out.add(row);
                continue;
            }
            anyCost = true;
            OptionalDouble batch = number(row.workload().batchSize());
            OptionalDouble prompt = number(row.workload().promptTokens());
            OptionalDouble newTokens = number(row.workload().newTokens());
            if (batch.isEmpty() || prompt.isEmpty() || newTokens.isEmpty()) {
                notes.add(row.workload().describe() + ": batch, prompt or new tokens unknown: no roofline figures");
                out.add(row);
                continue;
            }
            int b = (int) batch.getAsDouble();
            int p = (int) prompt.getAsDouble();
            int n = (int) newTokens.getAsDouble();
            StepCost c = cost.get();
            Map<Metric, Double> values = new EnumMap<>(Metric.class);
            values.putAll(row.values());
            Map<Metric, double[]> iterations = new EnumMap<>(Metric.class);
            iterations.putAll(row.iterationValues());
            derive(values, iterations, Metric.DECODE_TOKENS_PER_SECOND, Metric.DECODE_BANDWIDTH,
                    rate -> Figure.decodeBytesPerSecond(rate, b, p, n, c));
            derive(values, iterations, Metric.PREFILL_TOKENS_PER_SECOND, Metric.PREFILL_FLOPS,
                    rate -> Figure.prefillFlopsPerSecond(rate, p, c));
            if (calibration.isPresent()) {
                shares(row, calibration.get(), b, values, iterations, notes);
            }
            out.add(new ReportRow(row.source(), row.framework(), row.workload(), values, iterations, row.primaryScore(), row.primaryUnit(),
                    row.rssSinceForkStart(), row.failure(), row.forkJvm()));
        }
        if (!withoutCost.isEmpty()) {
            notes.add("no bytes or FLOP per step for " + String.join(", ", withoutCost) + " (the engine states none, or the results"
                    + " predate the step.* figures): achieved bandwidth, FLOP/s and % of limit absent");
        }
        if (calibration.isEmpty() && anyCost) {
            notes.add(withoutCalibration + ": % of machine bandwidth, of framework limit and of GEMM peak are absent");
        }
        return new Derived(out, List.copyOf(notes));
    }

    private static void shares(ReportRow row, Calibration calibration, int batch, Map<Metric, Double> values,
                               Map<Metric, double[]> iterations, Set<String> notes) {
        OptionalDouble threads = number(row.workload().threads());
        Optional<Calibration.MachineLimit> machine = threads.isPresent() ? calibration.machineLimit((int) threads.getAsDouble())
                : Optional.empty();
        if (machine.isEmpty()) {
            notes.add("threads " + row.workload().threads() + ": not calibrated, so no % of machine limit");
        } else {
            double bandwidth = machine.get().bandwidthBytesPerSecond();
            derive(values, iterations, Metric.DECODE_BANDWIDTH, Metric.DECODE_SHARE_OF_BANDWIDTH, achieved -> Figure.shareOf(achieved, bandwidth));
            if (machine.get().gemmFlopsPerSecond().isPresent()) {
                double peak = machine.get().gemmFlopsPerSecond().get();
                derive(values, iterations, Metric.PREFILL_FLOPS, Metric.PREFILL_SHARE_OF_GEMM_PEAK, achieved -> Figure.shareOf(achieved, peak));
            } else {
                notes.add("threads " + row.workload().threads() + ": no GEMM peak in the calibration, so no prefill % of GEMM peak");
            }
        }
        Optional<ProductsFigure> framework = threads.isPresent()
                ? calibration.frameworkLimit(row.framework(), row.workload().model(), row.workload().precision(), batch,
                        (int) threads.getAsDouble())
                : Optional.empty();
        if (framework.isEmpty()) {
            notes.add(row.framework() + " on " + row.workload().model() + " (" + row.workload().precision() + ") at batch " + batch
                    + ": the calibration did not measure this framework's own weight products here, so no % of framework limit");
        } else {
            double limit = framework.get().tokensPerSecond().best();
            derive(values, iterations, Metric.DECODE_TOKENS_PER_SECOND, Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT,
                    achieved -> Figure.shareOf(achieved, limit));
        }
    }

    /** {@code to} = {@code formula(from)}, merged and per iteration (when every iteration gives one). */
    private static void derive(Map<Metric, Double> values, Map<Metric, double[]> iterations, Metric from, Metric to,
                               DoubleFunction<OptionalDouble> formula) {
        Double merged = values.get(from);
        if (merged == null) {
            return;
        }
        OptionalDouble value = formula.apply(merged);
        if (value.isEmpty()) {
            return;
        }
        values.put(to, value.getAsDouble());
        double[] parts = iterations.get(from);
        if (parts == null || parts.length == 0) {
            return;
        }
        double[] derived = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            OptionalDouble one = formula.apply(parts[i]);
            if (one.isEmpty()) {
                return;
            }
            derived[i] = one.getAsDouble();
        }
        iterations.put(to, derived);
    }

    /** The engine's step cost from the row's {@code step.*} figures; empty unless all five are there. */
    static Optional<StepCost> stepCost(ReportRow row) {
        OptionalDouble weights = row.value(Metric.STEP_WEIGHT_BYTES);
        OptionalDouble kv = row.value(Metric.STEP_KV_BYTES_PER_POSITION);
        OptionalDouble flops = row.value(Metric.STEP_FLOPS_PER_TOKEN);
        OptionalDouble head = row.value(Metric.STEP_HEAD_FLOPS);
        OptionalDouble attention = row.value(Metric.STEP_ATTENTION_FLOPS_PER_POSITION);
        if (weights.isEmpty() || kv.isEmpty() || flops.isEmpty() || head.isEmpty() || attention.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StepCost(Math.round(weights.getAsDouble()), Math.round(kv.getAsDouble()), Math.round(flops.getAsDouble()),
                Math.round(head.getAsDouble()), Math.round(attention.getAsDouble())));
    }

    private static OptionalDouble number(String text) {
        try {
            int value = Integer.parseInt(text);
            return value > 0 ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
