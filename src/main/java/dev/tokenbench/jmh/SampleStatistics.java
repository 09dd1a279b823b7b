package dev.tokenbench.jmh;

import dev.tokenbench.measure.Statistics;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.openjdk.jmh.util.AbstractStatistics;

/**
 * JMH's view of a raw sample series, with tokenbench's percentile definition (linear interpolation between
 * closest ranks, Hyndman and Fan 7, as {@link dev.tokenbench.measure.Statistics}), so that the
 * {@code scorePercentiles} JMH writes for a token figure agree with the figure itself.
 */
final class SampleStatistics extends AbstractStatistics {

    private static final long serialVersionUID = 1L;

    private final double[] sorted;

    /** @param samples the series, in the unit JMH will show; at least one */
    SampleStatistics(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples must hold at least 1 value, was empty");
        }
        this.sorted = samples.clone();
        Arrays.sort(sorted);
    }

    @Override
    public double getMax() {
        return sorted[sorted.length - 1];
    }

    @Override
    public double getMin() {
        return sorted[0];
    }

    @Override
    public long getN() {
        return sorted.length;
    }

    @Override
    public double getSum() {
        double sum = 0;
        for (double value : sorted) {
            sum += value;
        }
        return sum;
    }

    @Override
    public double getVariance() {
        if (sorted.length < 2) {
            return 0;
        }
        double mean = getMean();
        double squares = 0;
        for (double value : sorted) {
            squares += (value - mean) * (value - mean);
        }
        return squares / (sorted.length - 1);
    }

    @Override
    public double getPercentile(double rank) {
        return Statistics.percentile(sorted, rank);
    }

    @Override
    public int[] getHistogram(double[] levels) {
        if (levels.length < 2) {
            throw new IllegalArgumentException("expected at least two levels, got " + levels.length);
        }
        int[] counts = new int[levels.length - 1];
        for (double value : sorted) {
            for (int c = 0; c < counts.length; c++) {
                if (levels[c] <= value && value < levels[c + 1]) {
                    counts[c]++;
                    break;
                }
            }
        }
        return counts;
    }

    /** Distinct values in ascending order with how often each occurs. */
    @Override
    public Iterator<Map.Entry<Double, Long>> getRawData() {
        return new Iterator<>() {
            private int at;

            @Override
            public boolean hasNext() {
                return at < sorted.length;
            }

            @Override
            public Map.Entry<Double, Long> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                double value = sorted[at];
                long count = 0;
                while (at < sorted.length && sorted[at] == value) {
                    at++;
                    count++;
                }
                return new AbstractMap.SimpleImmutableEntry<>(value, count);
            }
        };
    }
}
