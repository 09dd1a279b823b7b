package dev.tokenbench.sweep;

import java.util.Objects;

/**
 * One configuration in one round: the unit the sweep runs, records and resumes.
 *
 * @param configuration what runs
 * @param round         1 to the spec's rounds
 */
public record Run(Configuration configuration, int round) {

    public Run {
        Objects.requireNonNull(configuration, "configuration");
        if (round < 1) {
            throw new IllegalArgumentException("rounds count from 1, was " + round);
        }
    }

    /** {@code <configuration id>/round-<round>}: the run's folder below the sweep's {@code runs/}, and its key. */
    public String key() {
        return configuration.id() + "/round-" + round;
    }
}
