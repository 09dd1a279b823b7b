package dev.tokenbench.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one input (a JMH file or a run folder, the rounds of a sweep, or a list of plain-API results) gave.
 *
 * @param source     the input's label: a run folder's name, a sweep folder's name, or a file name without {@code .json}
 * @param rows       one row per configuration, failed configurations included, in file order
 * @param machine    the machine facts, when {@code env.json} (or the results) held them
 * @param limitNotes why roofline figures (achieved bandwidth, % of limit) of some rows are absent
 * @param forks      the most JMH forks any configuration of the input ran; absent when unknown (plain-API results)
 * @param rounds     for the rounds of a sweep pooled into one input ({@link RoundPool}), how many rounds; absent otherwise
 * @param failures   one line per configuration (and, for a sweep, per round) that produced no result, with its reason
 */
record ReportInput(String source, List<ReportRow> rows, Optional<Machine> machine, List<String> limitNotes, OptionalInt forks,
                   OptionalInt rounds, List<String> failures) {

    public ReportInput {
        Objects.requireNonNull(source, "source");
        rows = List.copyOf(rows);
        Objects.requireNonNull(machine, "machine");
        limitNotes = List.copyOf(limitNotes);
        Objects.requireNonNull(forks, "forks");
        Objects.requireNonNull(rounds, "rounds");
        failures = List.copyOf(failures);
    }

    /** An input of one run: its failures are its failed rows. */
    ReportInput(String source, List<ReportRow> rows, Optional<Machine> machine, List<String> limitNotes, OptionalInt forks) {
        this(source, rows, machine, limitNotes, forks, OptionalInt.empty(), failuresOf(rows, ""));
    }

    /** An input of one run without notes on its limits and with an unknown fork count. */
    ReportInput(String source, List<ReportRow> rows, Optional<Machine> machine) {
        this(source, rows, machine, List.of(), OptionalInt.empty());
    }

    /** This input under another label. */
    ReportInput relabelled(String label, List<ReportRow> relabelledRows) {
        return new ReportInput(label, relabelledRows, machine, limitNotes, forks, rounds, failures);
    }

    /**
     * Whether this input's intervals reflect within-run noise only: a single run (one fork, or a sweep's single
     * round), whose replicates are iterations of one JVM in one stretch of machine time.
     */
    boolean withinRunOnly() {
        if (rounds.isPresent()) {
            return rounds.getAsInt() < 2;
        }
        return forks.isEmpty() || forks.getAsInt() < 2;
    }

    /** {@code framework, workload: reason} for each failed row, with {@code suffix} after the workload. */
    static List<String> failuresOf(List<ReportRow> rows, String suffix) {
        return rows.stream().filter(ReportRow::isFailed)
                .map(row -> row.framework() + ", " + row.workload().describe() + suffix + ": " + row.failure().orElseThrow())
                .toList();
    }
}
