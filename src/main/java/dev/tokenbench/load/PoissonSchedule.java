package dev.tokenbench.load;

import java.util.SplittableRandom;

/**
 * Arrival times of a Poisson process at a rate, from a seeded generator: the first arrival at 0, then independent
 * exponential gaps of mean 1 / rate, {@code gap = -ln(1 - u) / rate} with u uniform in [0, 1) from
 * {@link SplittableRandom} (whose algorithm is specified, so a seed gives the same schedule on every JVM), rounded to
 * whole nanoseconds. The same seed and rate always give the same arrivals.
 */
public final class PoissonSchedule {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double requestsPerSecond;
    private final SplittableRandom random;
    private long nextArrivalNanos;
    private boolean started;

    /**
     * @param requestsPerSecond the rate, positive and finite
     * @param seed              the generator's seed
     */
    public PoissonSchedule(double requestsPerSecond, long seed) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("the request rate must be positive and finite, was " + requestsPerSecond);
        }
        this.requestsPerSecond = requestsPerSecond;
        this.random = new SplittableRandom(seed);
    }

    /** The next arrival, nanoseconds after the schedule's start: 0 first, then the sum of the gaps so far. */
    public long nextArrivalNanos() {
        if (started) {
            nextArrivalNanos += Math.round(-Math.log(1 - random.nextDouble()) / requestsPerSecond * NANOS_PER_SECOND);
        }
        started = true;
        return nextArrivalNanos;
    }

    /** The first {@code count} arrivals of the schedule of this rate and seed. */
    public static long[] arrivals(double requestsPerSecond, long seed, int count) {
        PoissonSchedule schedule = new PoissonSchedule(requestsPerSecond, seed);
        long[] arrivals = new long[count];
        for (int i = 0; i < count; i++) {
            arrivals[i] = schedule.nextArrivalNanos();
        }
        return arrivals;
    }
}
