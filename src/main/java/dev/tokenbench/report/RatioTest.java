package dev.tokenbench.report;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The statistical comparison of a figure with a baseline: the ratio current / baseline, its confidence interval at
 * the asked level and the p-value of the test that goes with it. The one result the report and the gate both read.
 *
 * @param design        how the samples were compared: independent samples or pairs
 * @param ratio         {@link Design#WELCH}: mean of the values / mean of the baseline's; {@link Design#PAIRED_LOG}: the
 *                      geometric mean of the per-pair ratios; {@code NaN} when undefined
 * @param lower         lower bound of the interval; absent when untested or unbounded
 * @param upper         upper bound of the interval; absent when untested or unbounded
 * @param confidence    the interval's confidence level, e.g. 0.95; the interval excludes 1 exactly when
 *                      {@code pValue < 1 - confidence}
 * @param pValue        two-sided p-value of the test of "no difference"; absent when untested
 * @param count         number of values (pairs for {@link Design#PAIRED_LOG})
 * @param baselineCount number of baseline values (pairs for {@link Design#PAIRED_LOG})
 */
public record RatioTest(Design design, double ratio, OptionalDouble lower, OptionalDouble upper, double confidence,
                        OptionalDouble pValue, int count, int baselineCount) {

    /** How the two samples were compared. */
    public enum Design {
        /** Independent samples: Welch's t-test and Fieller's interval of the ratio of means. */
        WELCH,
        /** Pairs (value i and baseline i from the same round): one-sample t-test and interval on the log ratios. */
        PAIRED_LOG
    }

    public RatioTest {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        Objects.requireNonNull(pValue, "pValue");
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        }
    }

    /** Whether a test was made (both sides had enough values with some spread). */
    public boolean tested() {
        return pValue.isPresent();
    }

    /** Whether the test rejects "no difference" at {@code alpha}. */
    public boolean significantAt(double alpha) {
        return pValue.isPresent() && pValue.getAsDouble() < alpha;
    }
}
