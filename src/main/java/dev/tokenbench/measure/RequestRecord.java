package dev.tokenbench.measure;

/**
 * One request of a load episode, as kept in the run folder's raw request records: every time is a clock reading
 * relative to the episode's start, in nanoseconds.
 *
 * <p>The request's start is its scheduled arrival: in an open loop the Poisson schedule's time, so that a driver or
 * server falling behind shows in the latencies instead of delaying the next arrival (no coordinated omission); in
 * a closed loop the moment its stream's previous request ended, which is also when it is sent.
 *
 * @param index           the request's number in issue order, from 0
 * @param scheduledNanos  when the request was due (its start)
 * @param sentNanos       when the driver called the engine (at or after {@code scheduledNanos})
 * @param firstTokenNanos when its first new token arrived; -1 when none did
 * @param lastTokenNanos  when its last new token arrived; -1 when none did
 * @param outputTokens    new tokens received
 * @param promptTokens    prompt tokens as the engine (the server) counted them; -1 when unknown
 * @param chunked         whether some event carried several tokens (the chunked-ITL rule spread their times)
 * @param failure         why the request failed, one line; null when it completed with exactly the tokens asked
 */
public record RequestRecord(int index, long scheduledNanos, long sentNanos, long firstTokenNanos, long lastTokenNanos, int outputTokens,
                            int promptTokens, boolean chunked, String failure) {

    /** Whether the request completed with exactly the tokens asked. */
    public boolean completed() {
        return failure == null;
    }

    /** TTFT: start (scheduled arrival) to the first new token; -1 when none arrived. */
    public long timeToFirstTokenNanos() {
        return firstTokenNanos < 0 ? -1 : firstTokenNanos - scheduledNanos;
    }

    /** E2E: start to the last new token; -1 when none arrived. */
    public long endToEndNanos() {
        return lastTokenNanos < 0 ? -1 : lastTokenNanos - scheduledNanos;
    }

    /** TPOT: (E2E - TTFT) / (N - 1) for N > 1 new tokens; NaN otherwise. */
    public double timePerOutputTokenNanos() {
        return outputTokens > 1 && firstTokenNanos >= 0 ? (double) (lastTokenNanos - firstTokenNanos) / (outputTokens - 1) : Double.NaN;
    }

    /** When the request ended: its last token, else (a failure before any token) when it was sent. */
    public long endNanos() {
        return lastTokenNanos >= 0 ? lastTokenNanos : sentNanos;
    }
}
