package dev.tokenbench.calibrate;

import dev.tokenbench.measure.NanoClock;
import java.util.ArrayList;
import java.util.List;

/** Times repeated runs of one piece of work on a clock: warm-up runs first (not kept), then the measured trials. */
final class TrialTimer {

    private final NanoClock clock;
    private final int warmUps;
    private final int trials;

    TrialTimer(NanoClock clock, int warmUps, int trials) {
        if (warmUps < 0 || trials < 1) {
            throw new IllegalArgumentException("need warmUps >= 0 and trials >= 1, was " + warmUps + " and " + trials);
        }
        this.clock = clock;
        this.warmUps = warmUps;
        this.trials = trials;
    }

    /** The wall time of each measured run of {@code work}, in nanoseconds, in order. */
    List<Long> time(Runnable work) {
        for (int i = 0; i < warmUps; i++) {
            work.run();
        }
        List<Long> nanos = new ArrayList<>(trials);
        for (int i = 0; i < trials; i++) {
            long start = clock.nanoTime();
            work.run();
            nanos.add(clock.nanoTime() - start);
        }
        return nanos;
    }
}
