package dev.tokenbench.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The axes of a sweep: the benchmark parameters a grid varies, named as the benchmarks' {@code @Param}s.
 */
public enum SweepAxis {
    FRAMEWORK("framework", false),
    MODEL("model", false),
    PRECISION("precision", false),
    BATCH_SIZE("batchSize", true),
    PROMPT_TOKENS("promptTokens", true),
    NEW_TOKENS("newTokens", true),
    THREADS("threads", true);

    private final String key;
    private final boolean integer;

    SweepAxis(String key, boolean integer) {
        this.key = key;
        this.integer = integer;
    }

    /** The axis's name in a spec file and the benchmark's {@code @Param} name. */
    public String key() {
        return key;
    }

    /** Whether values are positive integers (and may be given as ranges). */
    public boolean integer() {
        return integer;
    }

    /** The axis named {@code key}, if any. */
    public static Optional<SweepAxis> byKey(String key) {
        return Arrays.stream(values()).filter(axis -> axis.key.equals(key)).findFirst();
    }

    /** Every axis name, in order. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(SweepAxis::key).toList();
    }
}
