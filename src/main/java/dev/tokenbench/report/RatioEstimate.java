package dev.tokenbench.report;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A row's figure relative to the baseline's, as the report shows it: the ratio, its 95% confidence interval and the
 * test of "no difference" ({@link RatioStatistics}: Welch on independent iterations, the paired log-ratio test on rounds).
 *
 * @param ratio          mean of the row's iterations / mean of the baseline's (for rounds, the geometric mean of the
 *                       per-round ratios)
 * @param ci95Lower      lower bound of the ratio's 95% Fieller interval; absent when untested or unbounded
 * @param ci95Upper      upper bound; absent when untested or unbounded
 * @param pValue         two-sided p-value of the test; absent when untested
 * @param iterations     per-iteration values of the row
 * @param baselineIterations per-iteration values of the baseline
 * @param verdict        better, worse or no clear difference at the 5% level, or not tested
 */
public record RatioEstimate(double ratio, OptionalDouble ci95Lower, OptionalDouble ci95Upper, OptionalDouble pValue,
                            int iterations, int baselineIterations, Verdict verdict) {

    /** The significance level of every test. */
    public static final double ALPHA = 0.05;

    public RatioEstimate {
        Objects.requireNonNull(ci95Lower, "ci95Lower");
        Objects.requireNonNull(ci95Upper, "ci95Upper");
        Objects.requireNonNull(pValue, "pValue");
        Objects.requireNonNull(verdict, "verdict");
    }
}
