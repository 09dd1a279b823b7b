package dev.tokenbench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.measure.ManualClock;
import dev.tokenbench.measure.Slo;
import dev.tokenbench.measure.Statistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateSweepTest {

    private static final long MS = 1_000_000L;
    private static final int REQUESTS = 100;
    private static final long SEED = 42;

    /**
     * A deterministic server: one request at a time, 40 ms to the first token, 5 ms per further token (8 tokens: 75 ms
     * a request), on a manual clock; beyond about 13 requests/s its queue grows without bound.
     */
    private static RateSweep.Episodes server() {
        return rate -> {
            ManualClock clock = new ManualClock();
            FakeEngine engine = FakeEngine.builder().optTiming(new FakeEngine.Timing(40 * MS, 0, 5 * MS)).optClock(clock).build();
            return new LoadDriver(clock, Runnable::run).run(engine, "x", new LoadSpec(new LoadShape.OpenLoop(rate, SEED), REQUESTS, 0, 8));
        };
    }

    /** The p99 TTFT of that server at a rate, by Lindley's recursion on the same arrivals: wait = max(0, previous end - arrival). */
    private static double expectedTtftP99(double rate) {
        long[] arrivals = PoissonSchedule.arrivals(rate, SEED, REQUESTS);
        double[] ttft = new double[REQUESTS];
        long free = 0;
        for (int i = 0; i < REQUESTS; i++) {
            long start = Math.max(arrivals[i], free);
            free = start + 75 * MS;
            ttft[i] = start - arrivals[i] + 40 * MS;
        }
        return Statistics.percentile(ttft, 99);
    }

    @Test
    void run_deterministicServer_picksTheHighestRateWhoseP99TtftKeepsTheLimit() throws InterruptedException {
        List<Double> rates = List.of(16.0, 1.0, 2.0, 4.0, 8.0, 12.0);
        Slo slo = new Slo("custom", 150 * MS, 6 * MS, 99);
        double expected = -1;
        List<Double> ascending = new ArrayList<>(rates);
        ascending.sort(Double::compare);
        for (double rate : ascending) {
            if (expectedTtftP99(rate) > 150 * MS) {
                break;
            }
            expected = rate;
        }

        RateSweep.Result result = RateSweep.run(rates, slo, server());

        assertThat(expected).isPositive().isLessThan(16.0);
        assertThat(result.highestRateMet()).hasValue(expected);
        assertThat(result.points()).extracting(RateSweep.Point::requestsPerSecond).startsWith(1.0, 2.0).contains(expected);
        assertThat(result.points().get(result.points().size() - 1).met()).isFalse();
        for (RateSweep.Point point : result.points()) {
            assertThat(slo.ttftAtPercentile(point.samples()).getAsDouble()).as("rate %s", point.requestsPerSecond())
                    .isEqualTo(expectedTtftP99(point.requestsPerSecond()));
        }
    }

    @Test
    void run_lowestRateMisses_hasNoAnswerAndStops() throws InterruptedException {
        Slo tight = new Slo("custom", 10 * MS, 6 * MS, 99);

        RateSweep.Result result = RateSweep.run(List.of(1.0, 2.0), tight, server());

        assertThat(result.highestRateMet()).isEqualTo(Optional.empty());
        assertThat(result.points()).hasSize(1);
    }

    @Test
    void run_noRates_isRefused() {
        assertThatThrownBy(() -> RateSweep.run(List.of(), Slo.MLPERF_LLAMA2_70B, server())).hasMessageContaining("at least 1 rate");
    }
}
