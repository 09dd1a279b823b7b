package dev.tokenbench.gate;

import dev.tokenbench.report.Formats;
import dev.tokenbench.report.RatioStatistics;
import dev.tokenbench.report.RatioTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Decides, per workload present on both sides and per gated figure, whether the current run regressed.
 *
 * <p><b>The rule.</b> A figure is a {@link GateVerdict.Regression} only when the test rejects "no difference" at
 * alpha <em>and</em> the ratio current / baseline is worse than the figure's threshold; an
 * {@link GateVerdict.Improvement} symmetrically; {@link GateVerdict.Pass} otherwise. Both conditions, because each
 * alone fails: significance alone flags a real but irrelevant 1% change once replicates are many and quiet; a
 * threshold alone flags noise once they are few and loud. The ratio compared with the threshold is the point
 * estimate, so a true change exactly at the threshold is flagged about half the time; one twice the noise beyond it
 * nearly always. {@link GateVerdict.Inconclusive} when a side has fewer than the minimum replicates, a figure is
 * measured on one side only, the replicates have no spread, the sides ran on different machines, or (normalized
 * across machines) a figure's limit is missing from a calibration.
 *
 * <p><b>The test.</b> The report's ({@link RatioStatistics}), at confidence {@code 1 - alpha} so that the interval
 * shown excludes 1 exactly when the test is significant: Welch for independent replicates, the paired t-test on log
 * ratios for rounds.
 */
public final class Gate {

    private Gate() {
    }

    /**
     * Compares {@code input}'s current with its baseline.
     *
     * @throws GateInputException when the two sides have no workload in common
     */
    public static GateResult evaluate(GateInput input, GateSettings settings) throws GateInputException {
        Replicates baseline = input.baseline();
        Replicates current = input.current();
        List<String> common = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String workload : baseline.workloads()) {
            (current.workloads().contains(workload) ? common : missing).add(workload);
        }
        List<String> added = new ArrayList<>();
        for (String workload : current.workloads()) {
            if (!baseline.workloads().contains(workload)) {
                added.add(workload);
            }
        }
        if (common.isEmpty()) {
            throw new GateInputException("baseline and current have no workload in common (baseline: " + describe(baseline.workloads())
                    + "; current: " + describe(current.workloads()) + "); gate runs of the same suite");
        }
        List<GateRow> rows = new ArrayList<>();
        for (String workload : common) {
            for (GateFigure figure : settings.thresholds().figures()) {
                rows.add(decide(workload, figure, baseline.values(workload, figure), current.values(workload, figure), input, settings));
            }
        }
        return new GateResult(settings, input.design(), rows, missing, added, input.normalization());
    }

    private static GateRow decide(String workload, GateFigure figure, Optional<double[]> baselineValues, Optional<double[]> currentValues,
                                  GateInput input, GateSettings settings) {
        double threshold = settings.thresholds().percent(figure);
        OptionalDouble baselineMean = mean(baselineValues);
        OptionalDouble currentMean = mean(currentValues);
        String unnormalized = input.unnormalized().getOrDefault(workload, Map.of()).get(figure);
        if (unnormalized != null) {
            return new GateRow(workload, figure, baselineMean, currentMean, Optional.empty(), threshold,
                    new GateVerdict.Inconclusive(GateVerdict.Cause.NOT_NORMALIZED, unnormalized));
        }
        if (baselineValues.isEmpty() || currentValues.isEmpty()) {
            String side = baselineValues.isEmpty() && currentValues.isEmpty() ? "on both sides"
                    : baselineValues.isEmpty() ? "in the baseline" : "in the current run";
            return new GateRow(workload, figure, baselineMean, currentMean, Optional.empty(), threshold,
                    new GateVerdict.Inconclusive(GateVerdict.Cause.ABSENT_ON_ONE_SIDE, figure.name() + " not measured " + side));
        }
        double[] base = baselineValues.get();
        double[] now = currentValues.get();
        double confidence = 1 - settings.alpha();
        boolean paired = input.design() == GateInput.Design.PAIRED_ROUNDS;
        if (paired && base.length != now.length) {
            throw new IllegalArgumentException(workload + " " + figure.name() + ": " + base.length + " baseline rounds but "
                    + now.length + " current rounds; paired replicates come in pairs");
        }
        RatioTest test = paired ? RatioStatistics.paired(now, base, confidence) : RatioStatistics.welch(now, base, confidence);
        GateVerdict verdict = verdict(figure, test, base.length, now.length, input, settings, threshold);
        return new GateRow(workload, figure, baselineMean, currentMean, Optional.of(test), threshold, verdict);
    }

    private static GateVerdict verdict(GateFigure figure, RatioTest test, int baselineCount, int currentCount, GateInput input,
                                       GateSettings settings, double threshold) {
        if (input.machineDifference().isPresent()) {
            return new GateVerdict.Inconclusive(GateVerdict.Cause.DIFFERENT_MACHINES, input.machineDifference().get()
                    + "; run both on one machine (--baseline-jar/--current-jar), or compare them scaled by their calibrations (--normalize calibration)");
        }
        int fewest = Math.min(baselineCount, currentCount);
        if (fewest < settings.minReplicates()) {
            String unit = input.design() == GateInput.Design.PAIRED_ROUNDS ? " rounds" : " replicates on a side";
            return new GateVerdict.Inconclusive(GateVerdict.Cause.TOO_FEW_REPLICATES, fewest + unit + ", fewer than the "
                    + settings.minReplicates() + " required (--min-replicates)");
        }
        if (!test.tested()) {
            return new GateVerdict.Inconclusive(GateVerdict.Cause.NOT_TESTABLE, Double.isNaN(test.ratio())
                    ? "a value is zero or negative: no ratio to test"
                    : "the replicates have no spread: no test is defined (ratio " + Formats.human(test.ratio()) + ")");
        }
        double ratio = test.ratio();
        double worsePercent = (figure.higherIsBetter() ? 1 - ratio : ratio - 1) * 100;
        String change = worsePercent >= 0 ? Formats.human(worsePercent) + "% worse" : Formats.human(-worsePercent) + "% better";
        String p = Formats.pValue(test.pValue());
        String limit = "threshold " + Formats.human(threshold) + "%";
        if (!test.significantAt(settings.alpha())) {
            return new GateVerdict.Pass(change + ", not significant (" + p + ", alpha " + Formats.human(settings.alpha()) + ")");
        }
        if (settings.thresholds().beyondInBadDirection(figure, ratio)) {
            return new GateVerdict.Regression(change + ", significant (" + p + "), beyond the " + limit);
        }
        if (settings.thresholds().beyondInGoodDirection(figure, ratio)) {
            return new GateVerdict.Improvement(change + ", significant (" + p + "), beyond the " + limit);
        }
        return new GateVerdict.Pass(change + ", significant (" + p + ") but within the " + limit);
    }

    private static OptionalDouble mean(Optional<double[]> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (double value : values.get()) {
            sum += value;
        }
        return OptionalDouble.of(sum / values.get().length);
    }

    private static String describe(Set<String> workloads) {
        if (workloads.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>(workloads);
        return names.size() <= 3 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }
}
