package dev.tokenbench.load;

import java.util.Locale;

/** How requests are issued in a load episode: a closed loop of concurrent streams, or an open loop at a rate. */
public sealed interface LoadShape permits LoadShape.ClosedLoop, LoadShape.OpenLoop {

    /** As reports name it: {@code closed loop, 4 streams} or {@code open loop, 2.5 requests/s (Poisson, seed 42)}. */
    String describe();

    /**
     * C streams, each issuing its next request the moment its previous one ends: exactly C requests in flight until
     * the episode runs out of requests or time.
     *
     * @param concurrency the streams, at least 1
     */
    record ClosedLoop(int concurrency) implements LoadShape {
        public ClosedLoop {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
            }
        }

        @Override
        public String describe() {
            return "closed loop, " + concurrency + (concurrency == 1 ? " stream" : " streams");
        }
    }

    /**
     * Requests arriving on a {@link PoissonSchedule}, each sent at its arrival whatever is in flight.
     *
     * @param requestsPerSecond the rate, positive
     * @param seed              the schedule's seed
     */
    record OpenLoop(double requestsPerSecond, long seed) implements LoadShape {
        public OpenLoop {
            if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("the request rate must be positive and finite, was " + requestsPerSecond);
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "open loop, %s requests/s (Poisson, seed %d)", LoadSpec.number(requestsPerSecond), seed);
        }
    }
}
