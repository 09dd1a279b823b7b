package dev.tokenbench.gate;

import java.util.Objects;

/**
 * How the gate decides.
 *
 * @param thresholds    the gated figures and how much worse each may get
 * @param alpha         significance level of every test, in (0, 1); default {@link #DEFAULT_ALPHA}
 * @param minReplicates fewest replicates (rounds, or per side for independent samples) for a verdict, at least 2;
 *                      default {@link #DEFAULT_MIN_REPLICATES}
 * @param allowMissing  whether a workload of the baseline may be missing from the current run
 */
public record GateSettings(GateThresholds thresholds, double alpha, int minReplicates, boolean allowMissing) {

    /**
     * The default significance level. Strict because a CI gate runs on every change and tests several figures per
     * workload: at 0.05, 4 figures x 4 workloads of identical code would raise some false alarm in about half of all
     * runs were it not for the threshold.
     */
    public static final double DEFAULT_ALPHA = 0.01;

    /** The default fewest replicates: below 5, a t-test at 0.01 needs an effect many times the noise to reject. */
    public static final int DEFAULT_MIN_REPLICATES = 5;

    public GateSettings {
        Objects.requireNonNull(thresholds, "thresholds");
    }

    /** The default thresholds, alpha and replicates, missing workloads not allowed. */
    public static GateSettings defaults() {
        return new GateSettings(GateThresholds.defaultThresholds(), DEFAULT_ALPHA, DEFAULT_MIN_REPLICATES, false);
    }

    /**
     * Settings from the command line's values, checked.
     *
     * @throws GateInputException when alpha is outside (0, 1) or min replicates is below 2
     */
    public static GateSettings of(GateThresholds thresholds, double alpha, int minReplicates, boolean allowMissing)
            throws GateInputException {
        if (!(alpha > 0 && alpha < 1)) {
            throw new GateInputException("--alpha " + alpha + ": the significance level must be between 0 and 1 (exclusive), e.g. 0.01");
        }
        if (minReplicates < 2) {
            throw new GateInputException("--min-replicates " + minReplicates + ": a test needs at least 2 replicates per side; give 2 or more (default 5)");
        }
        return new GateSettings(thresholds, alpha, minReplicates, allowMissing);
    }
}
