package dev.tokenbench.report;

import dev.tokenbench.measure.Figure;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Compares a figure's replicates with the baseline's: the one statistical core of the report and the gate, so
 * that both give the same ratio, interval and p-value for the same data.
 *
 * <p><b>The samples.</b> One value per replicate. In a plain run the replicates are the measured iterations
 * (each iteration's own figure); the token samples within one request are not independent (one slow step delays
 * every later token), so testing on them would overstate significance. In interleaved or duet runs a replicate
 * is a round, and the baseline's and the current's values of one round form a pair.
 *
 * <p><b>Independent samples: Welch.</b> Welch's two-sample t-test (unequal variances, Welch-Satterthwaite degrees
 * of freedom; Commons Math {@link TTest#tTest(double[], double[])}), two-sided. Welch rather than Student because
 * two frameworks rarely have the same spread; a t-test rather than Mann-Whitney because the reported ratio is a
 * ratio of means, and with the 5 to 20 iterations of a run Mann-Whitney's p-values are coarse (with 5 and 5
 * iterations the smallest two-sided p is 0.008) while ties in coarse figures such as memory make it unreliable.
 *
 * <p><b>Its interval.</b> The ratio is {@code R = mean(x) / mean(y)}. Its interval is Fieller's for two
 * independent means with {@code vx = var(x)/nx}, {@code vy = var(y)/ny} and {@code t} the {@code (1 + c)/2}
 * quantile of Student's t at the Welch-Satterthwaite degrees of freedom ({@code c} the confidence): the set of
 * {@code R} with {@code (mean(x) - R mean(y))^2 <= t^2 (vx + R^2 vy)}, which is
 * {@code [mx my -+ t sqrt(mx^2 vy + my^2 vx - t^2 vx vy)] / (my^2 - t^2 vy)}. At {@code R = 1} the
 * inequality is Welch's test itself, so the interval excludes 1 exactly when the test rejects at {@code 1 - c}.
 * When {@code my^2 <= t^2 vy} (the baseline mean is not clearly above zero) the interval is unbounded and
 * reported as absent. Fieller rather than the delta method because it is exact for normal means and stays
 * honest (asymmetric, or unbounded) when the baseline is noisy; rather than a bootstrap because it needs
 * no resampling and is reproducible by hand.
 *
 * <p><b>Pairs: paired t on log ratios.</b> With pairs {@code (x_i, y_i)} from the same round, {@code d_i = ln(x_i / y_i)};
 * the test is Student's one-sample t-test of {@code mean(d) = 0} with {@code n - 1} degrees of freedom, the
 * ratio is the geometric mean of the per-round ratios {@code exp(mean(d))}, and the interval is
 * {@code exp(mean(d) -+ t sd(d) / sqrt(n))}, which excludes 1 exactly when the test rejects. On log ratios rather
 * than on differences {@code x_i - y_i} because the noise that pairing is meant to cancel is multiplicative:
 * a round on a busier or cooler machine makes both versions slower by a factor, so differences grow with the
 * round's level while the ratio does not; the log makes the factor additive, treats a 20% slowdown and its
 * inverse symmetrically, and gives an interval that is always positive and bounded (a paired Fieller interval
 * on differences can be unbounded). Pairing removes the round-to-round drift from the error: a paired test is
 * only as noisy as the ratio within one round. It needs every value positive; the figures it is used for
 * (times, throughputs, memory) are.
 */
public final class RatioStatistics {

    private static final double REPORT_CONFIDENCE = 1 - RatioEstimate.ALPHA;

    private RatioStatistics() {
    }

    /**
     * Compares {@code values} with {@code baseline} for the report: Welch at {@link RatioEstimate#ALPHA}.
     *
     * @param direction which way is better for the figure
     * @return the estimate; {@link Verdict#NOT_TESTED} with only the ratio when either side has fewer than 2
     *         values or neither has any spread
     */
    static RatioEstimate compare(double[] values, double[] baseline, Figure.Direction direction) {
        return estimate(welch(values, baseline, REPORT_CONFIDENCE), values, baseline, direction);
    }

    private static RatioEstimate estimate(RatioTest test, double[] values, double[] baseline, Figure.Direction direction) {
        Verdict verdict;
        if (!test.tested()) {
            verdict = Verdict.NOT_TESTED;
        } else if (test.significantAt(RatioEstimate.ALPHA)) {
            boolean higher = test.ratio() > 1;
            verdict = higher == (direction == Figure.Direction.HIGHER_IS_BETTER) ? Verdict.BETTER : Verdict.WORSE;
        } else {
            verdict = Verdict.NO_CLEAR_DIFFERENCE;
        }
        return new RatioEstimate(test.ratio(), test.lower(), test.upper(), test.pValue(), values.length, baseline.length, verdict);
    }

    /**
     * Welch's test and Fieller's interval of the ratio of means of two independent samples.
     *
     * @param confidence the interval's level, e.g. 0.99 for a test at alpha 0.01
     * @return untested (ratio only) when either side has fewer than 2 values or neither has any spread
     */
    public static RatioTest welch(double[] values, double[] baseline, double confidence) {
        double mx = mean(values);
        double my = mean(baseline);
        double ratio = my == 0 ? Double.NaN : mx / my;
        int nx = values.length;
        int ny = baseline.length;
        if (nx < 2 || ny < 2) {
            return untested(RatioTest.Design.WELCH, ratio, confidence, nx, ny);
        }
        double vx = variance(values, mx) / nx;
        double vy = variance(baseline, my) / ny;
        if (vx + vy == 0) {
            return untested(RatioTest.Design.WELCH, ratio, confidence, nx, ny);
        }
        double p = new TTest().tTest(values, baseline);
        double df = welchDegreesOfFreedom(vx, vy, nx, ny);
        double t = new TDistribution(null, df).inverseCumulativeProbability(0.5 + confidence / 2);
        OptionalDouble lower = OptionalDouble.empty();
        OptionalDouble upper = OptionalDouble.empty();
        double denominator = my * my - t * t * vy;
        double discriminant = mx * mx * vy + my * my * vx - t * t * vx * vy;
        if (denominator > 0 && discriminant >= 0) {
            double half = t * Math.sqrt(discriminant);
            lower = OptionalDouble.of((mx * my - half) / denominator);
            upper = OptionalDouble.of((mx * my + half) / denominator);
        }
        return new RatioTest(RatioTest.Design.WELCH, ratio, lower, upper, confidence, OptionalDouble.of(p), nx, ny);
    }

    /**
     * The paired test on log ratios: {@code values[i]} and {@code baseline[i]} come from the same round.
     *
     * @param confidence the interval's level, e.g. 0.99 for a test at alpha 0.01
     * @return untested (ratio only, when defined) when there are fewer than 2 pairs, a value is not positive, or every
     *         pair has the same ratio
     * @throws IllegalArgumentException when the two arrays differ in length
     */
    public static RatioTest paired(double[] values, double[] baseline, double confidence) {
        if (values.length != baseline.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + values.length + " values, "
                    + baseline.length + " baseline values");
        }
        int n = values.length;
        double[] logRatios = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(values[i] > 0 && baseline[i] > 0)) {
                return untested(RatioTest.Design.PAIRED_LOG, Double.NaN, confidence, n, n);
            }
            logRatios[i] = Math.log(values[i] / baseline[i]);
        }
        double meanLog = mean(logRatios);
        double ratio = n == 0 ? Double.NaN : Math.exp(meanLog);
        if (n < 2) {
            return untested(RatioTest.Design.PAIRED_LOG, ratio, confidence, n, n);
        }
        double standardError = Math.sqrt(variance(logRatios, meanLog) / n);
        if (standardError == 0) {
            return untested(RatioTest.Design.PAIRED_LOG, ratio, confidence, n, n);
        }
        TDistribution student = new TDistribution(null, n - 1);
        double statistic = meanLog / standardError;
        double p = 2 * student.cumulativeProbability(-Math.abs(statistic));
        double t = student.inverseCumulativeProbability(0.5 + confidence / 2);
        return new RatioTest(RatioTest.Design.PAIRED_LOG, ratio, OptionalDouble.of(Math.exp(meanLog - t * standardError)),
                OptionalDouble.of(Math.exp(meanLog + t * standardError)), confidence, OptionalDouble.of(p), n, n);
    }

    /** Welch-Satterthwaite degrees of freedom of the difference of two means with variances {@code vx}, {@code vy} of the means. */
    static double welchDegreesOfFreedom(double vx, double vy, int nx, int ny) {
        return (vx + vy) * (vx + vy) / (vx * vx / (nx - 1) + vy * vy / (ny - 1));
    }

    private static RatioTest untested(RatioTest.Design design, double ratio, double confidence, int nx, int ny) {
        return new RatioTest(design, ratio, OptionalDouble.empty(), OptionalDouble.empty(), confidence, OptionalDouble.empty(), nx, ny);
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
