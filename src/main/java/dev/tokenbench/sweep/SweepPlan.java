package dev.tokenbench.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The order of a sweep's runs: every configuration once per round, each round in its own seeded random order
 * (randomized multiple interleaved trials), so slow drift of a shared machine falls on every configuration alike
 * instead of on whichever ran last.
 */
public final class SweepPlan {

    private SweepPlan() {
    }

    /**
     * Round 1 in its order, then round 2 in its order, and so on. The order of round {@code r} depends only on
     * {@code seed}, {@code r} and the configurations (in the given order), so every start of the same sweep plans
     * the same runs.
     */
    public static List<Run> runs(List<Configuration> configurations, int rounds, long seed) {
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Configuration configuration : shuffled(configurations, seed, round)) {
                runs.add(new Run(configuration, round));
            }
        }
        return List.copyOf(runs);
    }

    /** Fisher-Yates with {@link Random}, whose sequence the Java specification fixes for a given seed. */
    static List<Configuration> shuffled(List<Configuration> configurations, long seed, int round) {
        List<Configuration> order = new ArrayList<>(configurations);
        Random random = new Random(seed * 1_000_003L + round);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Configuration swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        return order;
    }
}
