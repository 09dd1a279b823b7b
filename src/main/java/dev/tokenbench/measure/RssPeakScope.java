package dev.tokenbench.measure;

/** Over what span a peak RSS figure was taken. */
public enum RssPeakScope {
    /** The kernel's high-water mark was reset at the start of the measured span ({@code /proc/self/clear_refs}). */
    PER_ITERATION,
    /** The high-water mark could not be reset: the figure covers everything since the process started. */
    SINCE_PROCESS_START,
    /** No peak RSS could be read on this system (no {@code /proc/self/status}). */
    UNAVAILABLE
}
