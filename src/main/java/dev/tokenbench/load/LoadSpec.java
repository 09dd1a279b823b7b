package dev.tokenbench.load;

/**
 * One load episode: its shape, when it stops issuing requests (after a request count, after a duration, or at
 * whichever comes first), and every request's new tokens. Requests in flight when it stops are waited for and count.
 *
 * @param shape          closed or open loop
 * @param requests       requests to issue, or 0 for no count limit
 * @param durationNanos  issue requests only during this time from the episode's start, or 0 for no time limit
 * @param newTokens      new tokens per request, at least 1
 */
public record LoadSpec(LoadShape shape, int requests, long durationNanos, int newTokens) {

    public LoadSpec {
        if (requests < 0 || durationNanos < 0) {
            throw new IllegalArgumentException("requests and duration must be >= 0, were " + requests + " and " + durationNanos + " ns");
        }
        if (requests == 0 && durationNanos == 0) {
            throw new IllegalArgumentException("a load episode needs a request count or a duration to stop");
        }
        if (newTokens < 1) {
            throw new IllegalArgumentException("newTokens must be >= 1, was " + newTokens);
        }
    }

    /** Whether request {@code index}, due {@code offsetNanos} after the start, is still to be issued. */
    boolean issues(int index, long offsetNanos) {
        return (requests == 0 || index < requests) && (durationNanos == 0 || offsetNanos < durationNanos);
    }

    /** A rate as written in names and tables: {@code 2}, {@code 2.5}. */
    public static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
