package dev.tokenbench.measure;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The raw results of one load episode: every request's record, the episode's wall time, and the token samples of
 * its completed requests (each a timeline from its scheduled start), from which {@link Figure} computes the load
 * figures, and {@link Slo} the SLO figures. Episodes are never merged: a figure is one episode's.
 *
 * @param requests  every request issued, in issue order
 * @param wallNanos the episode's wall time: its start to the end of its last request
 * @param tokens    the token samples of the completed requests (TTFT, ITL, TPOT, E2E from their starts); empty when none completed
 */
public record LoadSamples(List<RequestRecord> requests, long wallNanos, Optional<TokenSamples> tokens) {

    private static final double NANOS_PER_SECOND = 1e9;

    public LoadSamples {
        requests = List.copyOf(requests);
        if (wallNanos < 0) {
            throw new IllegalArgumentException("wallNanos must be >= 0, was " + wallNanos);
        }
    }

    /** Requests that completed with exactly the tokens asked. */
    public long completedRequests() {
        return requests.stream().filter(RequestRecord::completed).count();
    }

    /** Requests that failed. */
    public long failedRequests() {
        return requests.size() - completedRequests();
    }

    /** {@link Figure#LOAD_OFFERED_RATE}: (requests issued - 1) / (last send - first send); absent for fewer than 2 or no time between. */
    public OptionalDouble offeredRequestsPerSecond() {
        if (requests.size() < 2) {
            return OptionalDouble.empty();
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (RequestRecord r : requests) {
            first = Math.min(first, r.scheduledNanos());
            last = Math.max(last, r.scheduledNanos());
        }
        return last > first ? OptionalDouble.of((requests.size() - 1) * NANOS_PER_SECOND / (last - first)) : OptionalDouble.empty();
    }

    /** {@link Figure#LOAD_REQUEST_THROUGHPUT}: completed requests / wall time; absent when no time passed. */
    public OptionalDouble requestsPerSecond() {
        return perSecond(completedRequests());
    }

    /** {@link Figure#LOAD_OUTPUT_TOKENS_PER_SECOND}: new tokens of completed requests / wall time; absent when no time passed. */
    public OptionalDouble outputTokensPerSecond() {
        long tokens = requests.stream().filter(RequestRecord::completed).mapToLong(RequestRecord::outputTokens).sum();
        return perSecond(tokens);
    }

    /** Requests whose events carried several tokens at once (see the chunked-ITL rule). */
    public long chunkedRequests() {
        return requests.stream().filter(RequestRecord::chunked).count();
    }

    /** {@code count} over the wall time, per second; absent when no time passed. */
    OptionalDouble perSecond(long count) {
        return wallNanos <= 0 ? OptionalDouble.empty() : OptionalDouble.of(count * NANOS_PER_SECOND / wallNanos);
    }
}
