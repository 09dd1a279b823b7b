package dev.tokenbench.run;

import dev.tokenbench.measure.BenchmarkResult;
import java.util.Objects;

/**
 * One configuration of a sweep: measured, or failed with the reason. A failed configuration never stops the
 * sweep and never discards the results already measured.
 */
public sealed interface SweepOutcome permits SweepOutcome.Completed, SweepOutcome.Failed {

    /** The configuration, e.g. {@code batch=8} or {@code prompt=512}. */
    String configuration();

    /** A configuration that was measured. */
    record Completed(String configuration, BenchmarkResult result) implements SweepOutcome {
        public Completed {
            Objects.requireNonNull(configuration, "configuration");
            Objects.requireNonNull(result, "result");
        }
    }

    /** A configuration whose measurement failed, with the one-line reason. */
    record Failed(String configuration, String error) implements SweepOutcome {
        public Failed {
            Objects.requireNonNull(configuration, "configuration");
            Objects.requireNonNull(error, "error");
        }
    }
}
