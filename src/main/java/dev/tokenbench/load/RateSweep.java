package dev.tokenbench.load;

import dev.tokenbench.measure.LoadSamples;
import dev.tokenbench.measure.Slo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The highest request rate a server sustains within SLOs: one open-loop episode per rate, in ascending order, each
 * judged by {@link Slo#met} (MLPerf's rule: no failure, and the SLO percentile of TTFT and of TPOT within the limits).
 * The sweep stops at the first rate that misses (latency grows with the rate, and an overloaded server's episodes
 * only get longer); the answer is the highest rate that met the SLOs, absent when the lowest did not.
 */
public final class RateSweep {

    /** One episode at one rate. */
    @FunctionalInterface
    public interface Episodes {
        /** Runs the open-loop episode at {@code requestsPerSecond}. */
        LoadSamples run(double requestsPerSecond) throws InterruptedException;
    }

    /**
     * One rate's episode and its verdict.
     *
     * @param requestsPerSecond the rate asked
     * @param samples           the episode's records
     * @param met               whether it met the SLOs
     */
    public record Point(double requestsPerSecond, LoadSamples samples, boolean met) {
    }

    /**
     * The episodes run, in order, and the highest rate that met the SLOs.
     *
     * @param points          every rate run, ascending
     * @param highestRateMet  the highest rate whose episode met the SLOs; empty when none did
     */
    public record Result(List<Point> points, Optional<Double> highestRateMet) {
        public Result {
            points = List.copyOf(points);
        }
    }

    private RateSweep() {
    }

    /**
     * Runs {@code rates} (sorted ascending first) until one misses the SLOs.
     *
     * @throws IllegalArgumentException if {@code rates} is empty or holds a rate that is not positive
     */
    public static Result run(List<Double> rates, Slo slo, Episodes episodes) throws InterruptedException {
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("a rate sweep needs at least 1 rate");
        }
        List<Double> ascending = new ArrayList<>(rates);
        ascending.sort(Double::compare);
        List<Point> points = new ArrayList<>();
        Optional<Double> best = Optional.empty();
        for (double rate : ascending) {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("every rate must be positive, was " + rate);
            }
            LoadSamples samples = episodes.run(rate);
            boolean met = slo.met(samples);
            points.add(new Point(rate, samples, met));
            if (!met) {
                break;
            }
            best = Optional.of(rate);
        }
        return new Result(points, best);
    }
}
