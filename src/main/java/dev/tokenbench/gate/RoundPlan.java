package dev.tokenbench.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The order in which an interleaved or duet comparison runs the two jars: R rounds, each running the suite once with
 * each jar. Interleaved, the two runs of a round come one after the other in an order drawn per round from a seeded
 * generator, so neither jar always goes first (a machine that warms up or slows down within a round would otherwise
 * favour one side every time). Duet, both run at once, each on its own core. The seed makes the order reproducible.
 *
 * @param rounds the rounds, in order
 * @param duet   whether the two runs of a round run at the same time
 * @param seed   the seed the order was drawn from
 */
public record RoundPlan(List<Round> rounds, boolean duet, long seed) {

    /** Which jar a run uses. */
    public enum Side {
        BASELINE, CURRENT;

        /** {@code baseline} or {@code current}, for folder names. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One round: the order of its runs (interleaved), or both at once (duet).
     *
     * @param index 0-based round number
     * @param order the sides in the order they run; in a duet, they start together
     */
    public record Round(int index, List<Side> order) {
        public Round {
            order = List.copyOf(order);
        }
    }

    public RoundPlan {
        rounds = List.copyOf(rounds);
    }

    /**
     * Draws a plan.
     *
     * @param roundCount at least 1
     * @param duet       both runs of a round at once
     * @param seed       seed of the order
     */
    public static RoundPlan of(int roundCount, boolean duet, long seed) {
        if (roundCount < 1) {
            throw new IllegalArgumentException("rounds must be at least 1: " + roundCount);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < roundCount; i++) {
            boolean baselineFirst = random.nextBoolean();
            rounds.add(new Round(i, baselineFirst ? List.of(Side.BASELINE, Side.CURRENT) : List.of(Side.CURRENT, Side.BASELINE)));
        }
        return new RoundPlan(rounds, duet, seed);
    }

    /** How many rounds ran the baseline first: about half, by construction. */
    public long baselineFirstCount() {
        return rounds.stream().filter(round -> Objects.equals(round.order().get(0), Side.BASELINE)).count();
    }
}
