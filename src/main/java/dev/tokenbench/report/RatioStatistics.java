package dev.tokenbench.report;

import dev.tokenbench.measure.Figure;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Compares a row's per-iteration values with the baseline's.
 *
 * <p><b>The samples.</b> One value per measured iteration (each iteration's own figure). Iterations are the
 * independent replicates of a JMH run; the token samples within one request are not independent (one slow
 * step delays every later token), so testing on them would overstate significance.
 *
 * <p><b>The test.</b> Welch's two-sample t-test (unequal variances, Welch-Satterthwaite degrees of freedom;
 * Commons Math {@link TTest#tTest(double[], double[])}), two-sided, at the 5% level. Welch rather than
 * Student because two frameworks rarely have the same spread; a t-test rather than Mann-Whitney because the
 * reported ratio is a ratio of means, and with the 5 to 20 iterations of a run Mann-Whitney's p-values are
 * coarse (with 5 and 5 iterations the smallest two-sided p is 0.008) while ties in coarse figures such as
 * memory make it unreliable.
 *
 * <p><b>The interval.</b> The ratio is {@code R = mean(x) / mean(y)}. Its 95% interval is Fieller's for two
 * independent means with {@code vx = var(x)/nx}, {@code vy = var(y)/ny} and {@code t} the 97.5% quantile of
 * Student's t at the Welch-Satterthwaite degrees of freedom: the set of {@code R} with
 * {@code (mean(x) - R mean(y))^2 <= t^2 (vx + R^2 vy)}, which is
 * {@code [mx my -+ t sqrt(mx^2 vy + my^2 vx - t^2 vx vy)] / (my^2 - t^2 vy)}. At {@code R = 1} the
 * inequality is Welch's test itself, so the interval excludes 1 exactly when the test rejects. When
 * {@code my^2 <= t^2 vy} (the baseline mean is not clearly above zero) the interval is unbounded and
 * reported as absent. Fieller rather than the delta method because it is exact for normal means and stays
 * honest (asymmetric, or unbounded) when the baseline is noisy; rather than a bootstrap because it needs
 * no resampling and is reproducible by hand.
 */
final class RatioStatistics {

    private static final double CONFIDENCE = 0.95;

    private RatioStatistics() {
    }

    /**
     * Compares {@code values} with {@code baseline}.
     *
     * @param direction which way is better for the figure
     * @return the estimate; {@link Verdict#NOT_TESTED} with only the ratio when either side has fewer than 2
     *         values or neither has any spread
     */
    static RatioEstimate compare(double[] values, double[] baseline, Figure.Direction direction) {
        double mx = mean(values);
        double my = mean(baseline);
        double ratio = my == 0 ? Double.NaN : mx / my;
        int nx = values.length;
        int ny = baseline.length;
        if (nx < 2 || ny < 2) {
            return untested(ratio, nx, ny);
        }
        double vx = variance(values, mx) / nx;
        double vy = variance(baseline, my) / ny;
        if (vx + vy == 0) {
            return untested(ratio, nx, ny);
        }
        double p = new TTest().tTest(values, baseline);
        double df = welchDegreesOfFreedom(vx, vy, nx, ny);
        double t = new TDistribution(null, df).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
        OptionalDouble lower = OptionalDouble.empty();
        OptionalDouble upper = OptionalDouble.empty();
        double denominator = my * my - t * t * vy;
        double discriminant = mx * mx * vy + my * my * vx - t * t * vx * vy;
        if (denominator > 0 && discriminant >= 0) {
            double half = t * Math.sqrt(discriminant);
            lower = OptionalDouble.of((mx * my - half) / denominator);
            upper = OptionalDouble.of((mx * my + half) / denominator);
        }
        Verdict verdict;
        if (p < RatioEstimate.ALPHA) {
            boolean higher = mx > my;
            verdict = higher == (direction == Figure.Direction.HIGHER_IS_BETTER) ? Verdict.BETTER : Verdict.WORSE;
        } else {
            verdict = Verdict.NO_CLEAR_DIFFERENCE;
        }
        return new RatioEstimate(ratio, lower, upper, OptionalDouble.of(p), nx, ny, verdict);
    }

    /** Welch-Satterthwaite degrees of freedom of the difference of two means with variances {@code vx}, {@code vy} of the means. */
    static double welchDegreesOfFreedom(double vx, double vy, int nx, int ny) {
        return (vx + vy) * (vx + vy) / (vx * vx / (nx - 1) + vy * vy / (ny - 1));
    }

    private static RatioEstimate untested(double ratio, int nx, int ny) {
        return new RatioEstimate(ratio, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), nx, ny, Verdict.NOT_TESTED);
    }

    private static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : dev.tokenbench.measure.Statistics.mean(values);
    }

    /** Sample variance, divisor n - 1. */
    private static double variance(double[] values, double mean) {
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return squares / (values.length - 1);
    }
}
