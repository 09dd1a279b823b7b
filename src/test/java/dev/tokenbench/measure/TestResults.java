package dev.tokenbench.measure;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Fixed results and facts for tests of the measure package. */
final class TestResults {

    static final long ONE_GIB = 1L << 30;

    private TestResults() {
    }

    static EnvironmentFacts environment() {
        return new EnvironmentFacts(Optional.of("bench-host"), "Test CPU", List.of("avx2", "fma"), 2, OptionalLong.of(24 * ONE_GIB),
                "Linux", "6.1", "amd64", "Eclipse Adoptium", "17.0.15", "OpenJDK 64-Bit Server VM",
                new BuildInfo("0.1.0", Optional.of("0123456789abcdef"), false, "0.36.0", "2.7.1", "1.37", "4.2.0"));
    }

    /** Two requests of two sequences, 3 new tokens each, on hand-chosen timestamps (see TokenMetricsTest). */
    static TokenMetrics metrics() {
        TokenTimeline a = new TokenTimeline(2, 3, 1000);
        a.onToken(0, 11, 1100);
        a.onToken(1, 21, 1200);
        a.onToken(0, 12, 1150);
        a.onToken(1, 22, 1230);
        a.onToken(0, 13, 1250);
        a.onToken(1, 23, 1300);
        a.complete(1310, new int[] {10, 10});
        TokenTimeline b = new TokenTimeline(2, 3, 5000);
        for (long t = 5400; t <= 5600; t += 100) {
            b.onToken(0, 1, t);
            b.onToken(1, 2, t);
        }
        b.complete(5600, new int[] {10, 10});
        return TokenMetrics.of(List.of(a, b));
    }

    static BenchmarkResult result() {
        MemoryPeaks memory = new MemoryPeaks(OptionalLong.of(ONE_GIB), RssPeakScope.PER_ITERATION, OptionalLong.of(64L << 20),
                OptionalLong.of(1000), OptionalLong.empty());
        return BenchmarkResult.of(
                new FrameworkInfo("fake", "0.1.0", "cpu", "STATIC_BATCH", false),
                new Workload("tiny", "f32", 2, OptionalInt.of(10), 3, 1),
                1, metrics(), memory, environment(), Instant.parse("2026-11-28T12:00:00Z"));
    }
}
