package dev.tokenbench.gate;

import java.util.Objects;

/** The gate's decision for one workload and figure, with the reason in words. */
public sealed interface GateVerdict permits GateVerdict.Pass, GateVerdict.Regression, GateVerdict.Improvement, GateVerdict.Inconclusive {

    /** Why, in one line: the ratio, the test and the threshold that decided. */
    String reason();

    /** One word for tables: {@code pass}, {@code REGRESSION}, {@code improvement}, {@code inconclusive}. */
    String word();

    /** No significant change beyond the threshold in either direction. */
    record Pass(String reason) implements GateVerdict {
        public Pass {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String word() {
            return "pass";
        }
    }

    /** Significantly worse at alpha and worse than the threshold allows: fails the gate. */
    record Regression(String reason) implements GateVerdict {
        public Regression {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String word() {
            return "REGRESSION";
        }
    }

    /** Significantly better at alpha and better by more than the threshold. */
    record Improvement(String reason) implements GateVerdict {
        public Improvement {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String word() {
            return "improvement";
        }
    }

    /** No decision could be made; never fails the gate by itself. */
    record Inconclusive(Cause cause, String reason) implements GateVerdict {
        public Inconclusive {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String word() {
            return "inconclusive";
        }
    }

    /** Why a comparison was inconclusive. */
    enum Cause {
        /** Fewer replicates than the gate's minimum on a side (or fewer rounds). */
        TOO_FEW_REPLICATES,
        /** The figure was measured on one side only (e.g. peak RSS off Linux, engine timers). */
        ABSENT_ON_ONE_SIDE,
        /** The replicates have no spread, or a value is not positive where the paired test takes logs. */
        NOT_TESTABLE,
        /** Baseline and current ran on different machines, and nothing normalizes for it. */
        DIFFERENT_MACHINES,
        /** Normalized across machines, but a calibration lacks the figure's limit on the row's thread count. */
        NOT_NORMALIZED
    }
}
