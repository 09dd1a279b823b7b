package dev.tokenbench.gate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One side of a gate (the baseline or the current): per workload and figure, one value per replicate, in replicate
 * order. A replicate is a measured iteration of a plain run, or a round of an interleaved or duet comparison; values
 * added for a workload that already has some are pooled (several baseline runs of one workload).
 */
public final class Replicates {

    private final Map<String, Map<GateFigure, List<Double>>> byWorkload = new LinkedHashMap<>();

    /** Adds one replicate's value of a figure; pools with what the workload already holds. */
    public Replicates add(String workload, GateFigure figure, double value) {
        byWorkload.computeIfAbsent(workload, w -> new LinkedHashMap<>()).computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
        return this;
    }

    /** Adds several replicates' values of a figure. */
    public Replicates addAll(String workload, GateFigure figure, double... values) {
        for (double value : values) {
            add(workload, figure, value);
        }
        return this;
    }

    /** Declares a workload even if none of its figures has a value (so it counts as present). */
    public Replicates addWorkload(String workload) {
        byWorkload.computeIfAbsent(workload, w -> new LinkedHashMap<>());
        return this;
    }

    /** The workloads, in the order first added. */
    public Set<String> workloads() {
        return Collections.unmodifiableSet(byWorkload.keySet());
    }

    /** The values of a figure in a workload, in replicate order; empty when absent. */
    public Optional<double[]> values(String workload, GateFigure figure) {
        Map<GateFigure, List<Double>> figures = byWorkload.get(workload);
        List<Double> values = figures == null ? null : figures.get(figure);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return Optional.of(array);
    }
}
