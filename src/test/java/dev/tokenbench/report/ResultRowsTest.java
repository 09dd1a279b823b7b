package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenbench.measure.BenchmarkResult;
import dev.tokenbench.measure.BuildInfo;
import dev.tokenbench.measure.EnvironmentFacts;
import dev.tokenbench.measure.FrameworkInfo;
import dev.tokenbench.measure.MemoryPeaks;
import dev.tokenbench.measure.RssPeakScope;
import dev.tokenbench.measure.TokenMetrics;
import dev.tokenbench.measure.TokenTimeline;
import dev.tokenbench.measure.Workload;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResultRowsTest {

    private static final EnvironmentFacts ENV = new EnvironmentFacts(Optional.of("host"), "Test CPU", List.of("avx2"), 8,
            OptionalLong.of(16L << 30), "Linux", "6.1", "amd64", "Vendor", "17.0.15", "OpenJDK 64-Bit Server VM",
            new BuildInfo("0.1.0", Optional.of("abc"), false, "0.36.0", "2.7.1", "1.37", "4.2.0"));

    /**
     * Batch 1, 3 new tokens per request, requests 10 000 ns apart: request i has TTFT {@code ttft[i]} and then one
     * token every {@code gap} ns, so its ITL mean is {@code gap} and its output rate 3 tokens / (ttft + 2 gap).
     */
    private static BenchmarkResult result(String framework, long[] ttft, long gap, long rssBytes) {
        List<TokenTimeline> timelines = new ArrayList<>();
        for (int i = 0; i < ttft.length; i++) {
            long start = 10_000L * i;
            TokenTimeline timeline = new TokenTimeline(1, 3, start);
            timeline.onToken(0, 1, start + ttft[i]);
            timeline.onToken(0, 2, start + ttft[i] + gap);
            timeline.onToken(0, 3, start + ttft[i] + 2 * gap);
            timeline.complete(start + ttft[i] + 2 * gap, new int[] {8});
            timelines.add(timeline);
        }
        MemoryPeaks memory = new MemoryPeaks(OptionalLong.of(rssBytes), RssPeakScope.PER_ITERATION, OptionalLong.of(1L << 20),
                OptionalLong.empty(), OptionalLong.empty());
        return BenchmarkResult.of(new FrameworkInfo(framework, "1.0", "cpu", "STATIC_BATCH", false), new Workload("tiny", "f32", 1,
                OptionalInt.of(8), 3, 1), 1, TokenMetrics.of(timelines), memory, ENV, Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void row_requestsServeAsIterations() {
        ReportRow row = ResultRows.row(result("a", new long[] {1000, 2000, 3000}, 500, 1L << 30));

        assertThat(row.workload()).isEqualTo(new WorkloadKey("TokenBench", "api", "tiny", "f32", "1", "8", "3", "1"));
        assertThat(row.iterations(Metric.TTFT_P50)).containsExactly(0.001, 0.002, 0.003);
        assertThat(row.iterations(Metric.ITL_MEAN)).containsExactly(0.0005, 0.0005, 0.0005);
        assertThat(row.iterations(Metric.OUTPUT_TOKENS_PER_SECOND)).containsExactly(3e9 / 2000, 3e9 / 3000, 3e9 / 4000);
        assertThat(row.value(Metric.TTFT_P50)).hasValue(0.002);
        // 9 tokens over 9000 ns of request time; 1 GiB of peak RSS
        assertThat(row.value(Metric.OUTPUT_TOKENS_PER_SECOND).getAsDouble()).isCloseTo(1e6, within(1e-6));
        assertThat(row.value(Metric.MEMORY_EFFICIENCY).getAsDouble()).isCloseTo(1e6, within(1e-6));
    }

    @Test
    void compareResults_plainApi_comparesAgainstTheBaselineFramework() throws IOException {
        Comparison comparison = Reports.compareResults(List.of(
                result("a", new long[] {1000, 1100, 900}, 500, 1L << 30),
                result("b", new long[] {2000, 2100, 1900}, 500, 1L << 30)), Optional.of("a"));

        assertThat(comparison.groups()).hasSize(1);
        ComparedRow b = comparison.groups().get(0).rows().get(1);
        RatioEstimate ttft = b.ratios().get(Metric.TTFT_P50);
        assertThat(ttft.ratio()).isCloseTo(2.0, within(1e-12));
        assertThat(ttft.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(comparison.machines().get("api").cpuModel()).isEqualTo("Test CPU");
        assertThat(Reports.render(comparison, ReportFormat.MARKDOWN)).contains("| b | ").contains("slower");
    }
}
