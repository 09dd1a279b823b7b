package dev.tokenbench.measure;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Summary of a set of raw samples, all in the samples' own unit (nanoseconds for times).
 *
 * <p>Percentiles are computed from the raw samples by linear interpolation between closest ranks (Hyndman and
 * Fan's definition 7, as numpy's default and spreadsheets' PERCENTILE): for sorted samples {@code x[0..n-1]}
 * the p-th percentile sits at position {@code h = (n - 1) * p / 100} and equals
 * {@code x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)])}. They are never averaged across sets.
 *
 * <p>The standard deviation is the sample standard deviation (divisor {@code n - 1}); the 95% confidence
 * interval of the mean is {@code mean +- t(0.975, n - 1) * stdDev / sqrt(n)} from Student's t distribution.
 * Both need at least two samples and are absent otherwise.
 *
 * @param count        number of samples, at least 1
 * @param mean         arithmetic mean
 * @param stdDev       sample standard deviation; absent for a single sample
 * @param min          smallest sample
 * @param p50          median
 * @param p90          90th percentile
 * @param p95          95th percentile
 * @param p99          99th percentile
 * @param max          largest sample
 * @param ci95Lower    lower bound of the 95% confidence interval of the mean; absent for a single sample
 * @param ci95Upper    upper bound of the 95% confidence interval of the mean; absent for a single sample
 */
public record Statistics(
        long count,
        double mean,
        OptionalDouble stdDev,
        double min,
        double p50,
        double p90,
        double p95,
        double p99,
        double max,
        OptionalDouble ci95Lower,
        OptionalDouble ci95Upper) {

    /** Confidence level of {@link #ci95Lower()} and {@link #ci95Upper()}. */
    public static final double CONFIDENCE_LEVEL = 0.95;

    public Statistics {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
    }

    /**
     * Summarises {@code samples}.
     *
     * @throws IllegalArgumentException if {@code samples} is empty or holds NaN or an infinity
     */
    public static Statistics of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples must hold at least 1 value, was empty");
        }
        for (double sample : samples) {
            if (!Double.isFinite(sample)) {
                throw new IllegalArgumentException("samples must be finite, found " + sample);
            }
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double mean = mean(samples);
        OptionalDouble stdDev = OptionalDouble.empty();
        OptionalDouble ciLower = OptionalDouble.empty();
        OptionalDouble ciUpper = OptionalDouble.empty();
        if (n >= 2) {
            double squares = 0;
            for (double sample : sorted) {
                double deviation = sample - mean;
                squares += deviation * deviation;
            }
            double sd = Math.sqrt(squares / (n - 1));
            double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.5 + CONFIDENCE_LEVEL / 2);
            double halfWidth = t * sd / Math.sqrt(n);
            stdDev = OptionalDouble.of(sd);
            ciLower = OptionalDouble.of(mean - halfWidth);
            ciUpper = OptionalDouble.of(mean + halfWidth);
        }
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
        percentile.setData(sorted);
        return new Statistics(n, mean, stdDev, sorted[0],
                percentile.evaluate(50), percentile.evaluate(90), percentile.evaluate(95), percentile.evaluate(99),
                sorted[n - 1], ciLower, ciUpper);
    }

    /**
     * The arithmetic mean of {@code samples}, summed in the order given (sample order: the order figures have
     * always been computed in, which the golden files hold to the last digit).
     */
    public static double mean(double[] samples) {
        double sum = 0;
        for (double sample : samples) {
            sum += sample;
        }
        return sum / samples.length;
    }

    /** Summarises integer samples such as nanosecond durations. */
    public static Statistics of(long[] samples) {
        double[] values = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            values[i] = samples[i];
        }
        return of(values);
    }

    /** The {@code percentile}-th percentile (0 to 100) of {@code samples}, by the same definition as the record's. */
    public static double percentile(double[] samples, double percentile) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples must hold at least 1 value, was empty");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], was " + percentile);
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        if (percentile == 0) {
            return sorted[0];
        }
        return new Percentile().withEstimationType(EstimationType.R_7).evaluate(sorted, percentile);
    }
}
