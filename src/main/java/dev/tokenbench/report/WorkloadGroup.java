package dev.tokenbench.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rows of one workload, side by side.
 *
 * @param workload the workload
 * @param rows     one per framework (or per run of a framework), baseline first
 * @param baseline the baseline row's label, absent when the baseline framework did not run this workload
 * @param fairness what makes these rows not strictly comparable (different machines); empty when nothing does
 */
public record WorkloadGroup(WorkloadKey workload, List<ComparedRow> rows, Optional<String> baseline, List<String> fairness) {

    public WorkloadGroup {
        Objects.requireNonNull(workload, "workload");
        rows = List.copyOf(rows);
        Objects.requireNonNull(baseline, "baseline");
        fairness = List.copyOf(fairness);
    }
}
