package dev.tokenbench.gate;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gate compares.
 *
 * @param design            whether replicates are independent or paired by round
 * @param baseline          the baseline's replicates (several runs pooled per workload)
 * @param current           the current's replicates
 * @param machineDifference why baseline and current are not from one machine (e.g. two CPU models), when they are not
 *                          and nothing normalizes for it: every comparison is then inconclusive
 * @param unnormalized      per workload and figure, why it could not be normalized (inconclusive); empty unless normalized
 * @param normalization     how the figures were normalized across machines, in words, when they were
 */
public record GateInput(Design design, Replicates baseline, Replicates current, Optional<String> machineDifference,
                        Map<String, Map<GateFigure, String>> unnormalized, Optional<String> normalization) {

    /** Figures compared as measured. */
    public GateInput(Design design, Replicates baseline, Replicates current, Optional<String> machineDifference) {
        this(design, baseline, current, machineDifference, Map.of(), Optional.empty());
    }

    /** How the replicates of the two sides relate. */
    public enum Design {
        /**
         * Independent samples: sequential runs (the iterations of each, or several runs pooled). Welch's test and
         * Fieller's interval of the ratio of means.
         */
        INDEPENDENT("Welch's t-test on independent replicates"),
        /**
         * Rounds: value i of the baseline and of the current come from round i (interleaved in a seeded random order,
         * or run at once in a duet). The paired t-test on log ratios.
         */
        PAIRED_ROUNDS("paired t-test on per-round log ratios");

        private final String description;

        Design(String description) {
            this.description = description;
        }

        /** The test in words, for reports. */
        public String description() {
            return description;
        }
    }

    public GateInput {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(machineDifference, "machineDifference");
        Objects.requireNonNull(normalization, "normalization");
        unnormalized = Map.copyOf(unnormalized);
    }
}
