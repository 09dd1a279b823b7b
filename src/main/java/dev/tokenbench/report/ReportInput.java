package dev.tokenbench.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one input (a JMH file or a run folder, or a list of plain-API results) gave.
 *
 * @param source  the input's label: a run folder's name, or a file name without {@code .json}
 * @param rows    one row per configuration, failed configurations included, in file order
 * @param machine the machine facts, when {@code env.json} (or the results) held them
 * @param limitNotes why roofline figures (achieved bandwidth, % of limit) of some rows are absent
 */
record ReportInput(String source, List<ReportRow> rows, Optional<Machine> machine, List<String> limitNotes) {

    public ReportInput {
        Objects.requireNonNull(source, "source");
        rows = List.copyOf(rows);
        Objects.requireNonNull(machine, "machine");
        limitNotes = List.copyOf(limitNotes);
    }

    /** An input without notes on its limits. */
    ReportInput(String source, List<ReportRow> rows, Optional<Machine> machine) {
        this(source, rows, machine, List.of());
    }
}
