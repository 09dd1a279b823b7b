package dev.tokenbench.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One input of a report: a JMH results file or run folder, or the rounds of one sweep.
 *
 * @param path   the file or run folder; for a sweep, the sweep folder (its name labels the input)
 * @param rounds for a sweep, one run folder per round joining that round's runs, round 1 first; empty otherwise.
 *               Two or more rounds are pooled, the rounds being the replicates; a single round is read as one run.
 */
public record ReportSource(Path path, List<Path> rounds) {

    public ReportSource {
        Objects.requireNonNull(path, "path");
        rounds = List.copyOf(rounds);
    }

    /** A results file or run folder. */
    public static ReportSource of(Path path) {
        return new ReportSource(path, List.of());
    }

    /** The rounds of the sweep in {@code folder}, each a run folder. */
    public static ReportSource sweep(Path folder, List<Path> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException(folder + ": a sweep with no finished run yet; run it first");
        }
        return new ReportSource(folder, rounds);
    }

    /** Whether this is a sweep's rounds. */
    public boolean isSweep() {
        return !rounds.isEmpty();
    }
}
