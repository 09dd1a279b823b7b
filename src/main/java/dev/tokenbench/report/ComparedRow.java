package dev.tokenbench.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A row as the report shows it: its label within its workload, whether it is the baseline, and its ratios
 * against the baseline.
 *
 * @param label    the framework, or {@code framework (source)} when the workload holds the framework more than once
 * @param row      the row
 * @param baseline whether this row is the workload's baseline
 * @param ratios   per compared figure present on both sides; empty for the baseline, failed rows and workloads without a baseline
 */
public record ComparedRow(String label, ReportRow row, boolean baseline, Map<Metric, RatioEstimate> ratios) {

    public ComparedRow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(row, "row");
        Map<Metric, RatioEstimate> copy = new EnumMap<>(Metric.class);
        copy.putAll(ratios);
        ratios = Collections.unmodifiableMap(copy);
    }
}
