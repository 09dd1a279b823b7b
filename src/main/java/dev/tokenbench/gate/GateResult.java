package dev.tokenbench.gate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a gate decided, for the outputs to render.
 *
 * @param settings         the thresholds, alpha and minimum replicates used
 * @param design           independent samples or paired rounds
 * @param rows             one per common workload and gated figure, in workload order then figure order
 * @param missingWorkloads workloads of the baseline absent from the current run
 * @param newWorkloads     workloads only in the current run (listed, never compared)
 * @param normalization    how the figures were normalized across machines, in words, when they were
 */
public record GateResult(GateSettings settings, GateInput.Design design, List<GateRow> rows, List<String> missingWorkloads,
                         List<String> newWorkloads, Optional<String> normalization) {

    /** A result of figures compared as measured. */
    public GateResult(GateSettings settings, GateInput.Design design, List<GateRow> rows, List<String> missingWorkloads,
                      List<String> newWorkloads) {
        this(settings, design, rows, missingWorkloads, newWorkloads, Optional.empty());
    }

    public GateResult {
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(design, "design");
        rows = List.copyOf(rows);
        missingWorkloads = List.copyOf(missingWorkloads);
        newWorkloads = List.copyOf(newWorkloads);
    }

    /** Rows with a regression. */
    public long regressions() {
        return count(GateVerdict.Regression.class);
    }

    /** Rows with an improvement. */
    public long improvements() {
        return count(GateVerdict.Improvement.class);
    }

    /** Rows that passed. */
    public long passes() {
        return count(GateVerdict.Pass.class);
    }

    /** Rows without a decision. */
    public long inconclusive() {
        return count(GateVerdict.Inconclusive.class);
    }

    /** Whether a missing workload fails the gate (missing ones exist and {@code --allow-missing} was not given). */
    public boolean missingFails() {
        return !missingWorkloads.isEmpty() && !settings.allowMissing();
    }

    /** Whether the gate fails: a regression, or a missing workload not allowed. */
    public boolean failed() {
        return regressions() > 0 || missingFails();
    }

    /** One line: {@code gate FAILED: 1 regression, 0 improvements, 10 pass, 1 inconclusive; 1 workload missing}. */
    public String summary() {
        StringBuilder line = new StringBuilder(failed() ? "gate FAILED: " : "gate passed: ");
        line.append(regressions()).append(regressions() == 1 ? " regression, " : " regressions, ")
                .append(improvements()).append(improvements() == 1 ? " improvement, " : " improvements, ")
                .append(passes()).append(" pass, ")
                .append(inconclusive()).append(" inconclusive");
        if (!missingWorkloads.isEmpty()) {
            line.append("; ").append(missingWorkloads.size()).append(missingWorkloads.size() == 1 ? " workload" : " workloads")
                    .append(" missing").append(settings.allowMissing() ? " (allowed)" : "");
        }
        if (!newWorkloads.isEmpty()) {
            line.append("; ").append(newWorkloads.size()).append(" new");
        }
        return line.toString();
    }

    private long count(Class<? extends GateVerdict> kind) {
        return rows.stream().filter(row -> kind.isInstance(row.verdict())).count();
    }
}
