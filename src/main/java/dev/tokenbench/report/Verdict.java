package dev.tokenbench.report;

/** The outcome of comparing a row's figure with the baseline's. */
public enum Verdict {
    /** Significantly better than the baseline (faster, higher throughput, less memory). */
    BETTER,
    /** Significantly worse than the baseline. */
    WORSE,
    /** The test found no difference at the 5% level. */
    NO_CLEAR_DIFFERENCE,
    /** Too few per-iteration values (fewer than 2 on a side, or no spread at all) to test. */
    NOT_TESTED
}
