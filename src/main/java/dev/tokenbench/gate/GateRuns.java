package dev.tokenbench.gate;

import dev.tokenbench.calibrate.Calibration;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.report.ComparedRow;
import dev.tokenbench.report.Comparison;
import dev.tokenbench.report.Machine;
import dev.tokenbench.report.Metric;
import dev.tokenbench.report.ReportRow;
import dev.tokenbench.report.Reports;
import dev.tokenbench.report.WorkloadGroup;
import dev.tokenbench.report.WorkloadKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Results on disk (run folders or JMH JSON files) as the gate sees them, read through the report's reader so that a
 * gate and a report over the same files see the same rows and figures.
 *
* @param merged        per workload label, per gated figure: the run's merged figure (all iterations and forks)
 * @param iterations    per workload label, per gated figure: each measured iteration's own figure, pooled over the paths
 * @param hardware      the machines the results were measured on ({@link Machine#identity()}: hardware and host), where known
 * @param unnormalized  per workload label, per gated figure left out because it could not be normalized: why (empty
 *                      unless read with a {@link CalibrationScale})
 */
public record GateRuns(Map<String, Map<GateFigure, Double>> merged, Map<String, Map<GateFigure, List<Double>>> iterations,
                       Set<String> hardware, Map<String, Map<GateFigure, String>> unnormalized) {

    /**
     * Reads and pools {@code paths}.
     *
     * @param flag the command-line flag the paths came from, for messages ({@code --baseline})
     * @throws GateInputException one line naming the flag, the path and what is wrong (missing, empty, not JMH)
     */
    public static GateRuns read(List<Path> paths, String flag) throws GateInputException {
        return read(paths, flag, List.of());
    }

    /**
     * A parameter value one side ran with in place of the suite's: its rows are labelled with the suite's value, so that
     * they pair with the other side's rows.
     *
     * @param name      a workload parameter: {@code framework}, {@code model}, {@code precision}, {@code batchSize},
     *                  {@code promptTokens}, {@code newTokens} or {@code threads}
     * @param sideValue the value this side ran with
     * @param suiteValue the value the other side ran with, used in labels
     */
    public record ParamOverride(String name, String sideValue, String suiteValue) {
        /** The parameter names a workload label is made of. */
        public static final List<String> NAMES = List.of("framework", "model", "precision", "batchSize", "promptTokens", "newTokens", "threads");
    }

    /**
     * Reads and pools {@code paths}, labelling rows that ran with an overridden parameter as the suite's.
     *
     * @param overrides the parameters this side ran with in place of the suite's values
     */
    public static GateRuns read(List<Path> paths, String flag, List<ParamOverride> overrides) throws GateInputException {
        return read(paths, flag, overrides, Optional.empty());
    }

    /**
     * Reads and pools {@code paths}, each path's figures scaled to {@code scale}'s machine by its own calibration when a
     * scale is given; a figure that cannot be scaled is left out and its reason kept in {@link #unnormalized()}.
     *
     * @throws GateInputException also when a path has no calibration to scale by
     */
    public static GateRuns read(List<Path> paths, String flag, List<ParamOverride> overrides, Optional<CalibrationScale> scale)
            throws GateInputException {
        if (paths.isEmpty()) {
            throw new GateInputException(flag + ": give a run folder, a JMH JSON file or a saved baseline's name");
        }
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new GateInputException(flag + " " + path + ": no such file or run folder");
            }
        }
        Map<String, Map<GateFigure, Double>> merged = new LinkedHashMap<>();
        Map<String, Map<GateFigure, List<Double>>> iterations = new LinkedHashMap<>();
        Map<String, Map<GateFigure, String>> unnormalized = new LinkedHashMap<>();
        Set<String> hardware = new LinkedHashSet<>();
        // Path by path (as the report reads several inputs), so that each is scaled by its own calibration.
        for (Path path : paths) {
            Comparison comparison;
            try {
                comparison = Reports.compareFiles(List.of(path), Optional.empty());
            } catch (IllegalArgumentException e) {
                throw new GateInputException(flag + ": " + e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                throw new GateInputException(flag + ": cannot read: " + e.getMessage());
            }
            Optional<Calibration> calibration = scale.isPresent() ? Optional.of(CalibrationScale.calibrationOf(path, flag)) : Optional.empty();
            Path environment = Files.isDirectory(path) ? RunFolder.at(path).environmentFile() : RunFolder.containing(path).environmentFile();
            for (WorkloadGroup group : comparison.groups()) {
                for (ComparedRow compared : group.rows()) {
                    ReportRow row = compared.row();
                    if (row.isFailed()) {
                        continue;
                    }
                    String workload = label(row.framework(), group.workload(), overrides);
                    Map<GateFigure, Double> mergedFigures = merged.computeIfAbsent(workload, w -> new LinkedHashMap<>());
                    Map<GateFigure, List<Double>> iterationFigures = iterations.computeIfAbsent(workload, w -> new LinkedHashMap<>());
                    for (Metric metric : Metric.values()) {
                        Optional<GateFigure> figure = GateFigures.of(metric);
                        if (figure.isEmpty()) {
                            continue;
                        }
                        double factor = 1;
                        if (scale.isPresent()) {
                            CalibrationScale.Factor scaled = scale.get().factor(figure.get(), calibration.orElseThrow(), environment,
                                    group.workload().threads());
                            if (scaled.value().isEmpty()) {
                                unnormalized.computeIfAbsent(workload, w -> new LinkedHashMap<>()).put(figure.get(), scaled.whyNot());
                                continue;
                            }
                            factor = scaled.value().getAsDouble();
                        }
                        OptionalDouble value = row.value(metric);
                        if (value.isPresent()) {
                            mergedFigures.put(figure.get(), value.getAsDouble() * factor);
                        }
                        for (double iteration : row.iterations(metric)) {
                            iterationFigures.computeIfAbsent(figure.get(), f -> new ArrayList<>()).add(iteration * factor);
                        }
                    }
                }
            }
            for (Machine machine : comparison.machines().values()) {
                hardware.add(machine.identity());
            }
        }
        return new GateRuns(merged, iterations, hardware, unnormalized);
    }

    /** A workload's label: framework, then model, precision, batch, prompt, new tokens, threads, then the benchmark. */
    static String label(String framework, WorkloadKey key, List<ParamOverride> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("framework", framework);
        values.put("model", key.model());
        values.put("precision", key.precision());
        values.put("batchSize", key.batchSize());
        values.put("promptTokens", key.promptTokens());
        values.put("newTokens", key.newTokens());
        values.put("threads", key.threads());
        for (ParamOverride override : overrides) {
            if (override.sideValue().equals(values.get(override.name()))) {
                values.put(override.name(), override.suiteValue());
            }
        }
        return values.get("framework") + " " + values.get("model") + " " + values.get("precision") + " b" + values.get("batchSize")
                + " p" + values.get("promptTokens") + " n" + values.get("newTokens") + " t" + values.get("threads") + " " + key.benchmark();
    }

    /** The two runs of one round of a jar comparison. */
    public record Round(GateRuns baseline, GateRuns current) {
    }

    /** The workloads, in the reader's order. */
    public Set<String> workloads() {
        return merged.keySet();
    }

    /**
     * Sequential runs as independent samples: each side's iterations (pooled over its paths), tested with Welch.
     * Baseline and current measured on different machines make every comparison inconclusive.
     */
    public static GateInput independent(GateRuns baseline, GateRuns current) {
        Replicates base = new Replicates();
        Replicates now = new Replicates();
        copyIterations(baseline, base);
        copyIterations(current, now);
        return new GateInput(GateInput.Design.INDEPENDENT, base, now, machineDifference(baseline, current));
    }

    /**
     * Sequential runs from different machines, each read with the same {@link CalibrationScale}: as
     * {@link #independent}, with no machine difference left, the figures that could not be normalized inconclusive.
     *
     * @param normalization what was done, in words, for the outputs
     */
    public static GateInput normalized(GateRuns baseline, GateRuns current, String normalization) {
        Replicates base = new Replicates();
        Replicates now = new Replicates();
        copyIterations(baseline, base);
        copyIterations(current, now);
        Map<String, Map<GateFigure, String>> unnormalized = new LinkedHashMap<>();
        for (GateRuns side : List.of(baseline, current)) {
            side.unnormalized().forEach((workload, figures) -> figures.forEach((figure, why) ->
                    unnormalized.computeIfAbsent(workload, w -> new LinkedHashMap<>()).putIfAbsent(figure, why)));
        }
        return new GateInput(GateInput.Design.INDEPENDENT, base, now, Optional.empty(), unnormalized, Optional.of(normalization));
    }

    /** Why baseline and current are not from one machine (their machines, in words), when both are known and differ. */
    public static Optional<String> machineDifference(GateRuns baseline, GateRuns current) {
        Set<String> all = new LinkedHashSet<>(baseline.hardware());
        all.addAll(current.hardware());
        if (!baseline.hardware().isEmpty() && !current.hardware().isEmpty() && all.size() > 1) {
            return Optional.of("baseline ran on " + String.join(" and ", baseline.hardware()) + ", current on "
                    + String.join(" and ", current.hardware()));
        }
        return Optional.empty();
    }

    /**
     * Rounds as pairs: in round i, each side's merged figure is one replicate; a workload and figure measured by both
     * sides in a round gives a pair, one measured by a single side in a round is left out of that round.
     *
     * @param rounds per round, the baseline's and the current's runs
     */
    public static GateInput paired(List<Round> rounds) {
        Replicates base = new Replicates();
        Replicates now = new Replicates();
        for (Round round : rounds) {
            GateRuns baseline = round.baseline();
            GateRuns current = round.current();
            for (String workload : baseline.workloads()) {
                base.addWorkload(workload);
                Map<GateFigure, Double> currentFigures = current.merged().get(workload);
                if (currentFigures == null) {
                    continue;
                }
                for (Map.Entry<GateFigure, Double> figure : baseline.merged().get(workload).entrySet()) {
                    Double value = currentFigures.get(figure.getKey());
                    if (value != null) {
                        base.add(workload, figure.getKey(), figure.getValue());
                        now.add(workload, figure.getKey(), value);
                    }
                }
            }
            for (String workload : current.workloads()) {
                now.addWorkload(workload);
            }
        }
        return new GateInput(GateInput.Design.PAIRED_ROUNDS, base, now, Optional.empty());
    }

    private static void copyIterations(GateRuns runs, Replicates into) {
        for (Map.Entry<String, Map<GateFigure, List<Double>>> workload : runs.iterations().entrySet()) {
            into.addWorkload(workload.getKey());
            for (Map.Entry<GateFigure, List<Double>> figure : workload.getValue().entrySet()) {
                for (double value : figure.getValue()) {
                    into.add(workload.getKey(), figure.getKey(), value);
                }
            }
        }
    }
}
