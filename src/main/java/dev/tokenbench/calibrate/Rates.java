package dev.tokenbench.calibrate;

import dev.tokenbench.measure.Statistics;
import java.util.List;

/**
 * A rate (an amount per second: bytes/s, FLOP/s, tokens/s) over timed trials that each did the same amount of
 * work: {@code best} is the fastest trial's rate (the limit), the others describe the spread.
 *
 * @param best   amount / shortest trial time
 * @param median amount / median trial time (Hyndman-Fan type 7 over the trial times)
 * @param worst  amount / longest trial time
 * @param p25    rate at the 75th percentile of trial time (the slower quartile boundary)
 * @param p75    rate at the 25th percentile of trial time (the faster quartile boundary)
 */
public record Rates(double best, double median, double worst, double p25, double p75) {

    /** The rates of {@code amount} done in each of {@code trialNanos} (at least one trial, each longer than 0 ns). */
    public static Rates of(double amount, List<Long> trialNanos) {
        if (trialNanos.isEmpty()) {
            throw new IllegalArgumentException("no trials");
        }
        double[] seconds = new double[trialNanos.size()];
        for (int i = 0; i < seconds.length; i++) {
            long nanos = trialNanos.get(i);
            if (nanos <= 0) {
                throw new IllegalArgumentException("trial " + i + " took " + nanos + " ns; a trial must take some time");
            }
            seconds[i] = nanos / 1e9;
        }
        return new Rates(
                amount / Statistics.percentile(seconds, 0),
                amount / Statistics.percentile(seconds, 50),
                amount / Statistics.percentile(seconds, 100),
                amount / Statistics.percentile(seconds, 75),
                amount / Statistics.percentile(seconds, 25));
    }
}
