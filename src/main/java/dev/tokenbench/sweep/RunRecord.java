package dev.tokenbench.sweep;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What happened to one run.
 *
 * @param key     the run's key ({@link Run#key()})
 * @param status  where it stands
 * @param seconds wall seconds it took, once finished
 * @param reason  why it failed (one line), for {@link RunStatus#FAILED}
 */
public record RunRecord(String key, RunStatus status, OptionalDouble seconds, Optional<String> reason) {

    public RunRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(seconds, "seconds");
        Objects.requireNonNull(reason, "reason");
    }

    /** A run not started yet. */
    public static RunRecord pending(String key) {
        return new RunRecord(key, RunStatus.PENDING, OptionalDouble.empty(), Optional.empty());
    }

    /** A run that finished with a result. */
    public static RunRecord done(String key, double seconds) {
        return new RunRecord(key, RunStatus.DONE, OptionalDouble.of(seconds), Optional.empty());
    }

    /** A run that finished without one. */
    public static RunRecord failed(String key, double seconds, String reason) {
        return new RunRecord(key, RunStatus.FAILED, OptionalDouble.of(seconds), Optional.of(reason));
    }
}
