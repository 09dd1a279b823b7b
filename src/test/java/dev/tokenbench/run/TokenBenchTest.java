package dev.tokenbench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.measure.BenchmarkResult;
import dev.tokenbench.measure.HeapPools;
import dev.tokenbench.measure.ManualClock;
import dev.tokenbench.measure.MemoryPeaks;
import dev.tokenbench.measure.MemoryProbe;
import dev.tokenbench.measure.RssPeakScope;
import dev.tokenbench.measure.Statistics;
import dev.tokenbench.measure.TokenMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenBenchTest {

    /** 2 ms fixed prefill + 0.1 ms per prompt token, then 3 ms per token. */
    private static final FakeEngine.Timing TIMING = new FakeEngine.Timing(2_000_000, 100_000, 3_000_000);

    @TempDir
    Path dir;

    private ManualClock clock;
    private TokenBench bench;
    private FakeEngine engine;
    private Generator generator;

    @BeforeEach
    void setUp() throws IOException {
        clock = new ManualClock(1_000_000_000L);
        Path status = Files.writeString(dir.resolve("status"), "VmHWM:\t1048576 kB\nVmRSS:\t524288 kB\n");
        HeapPools heap = new HeapPools() {
            @Override
            public OptionalLong peakUsedBytes() {
                return OptionalLong.of(1 << 20);
            }

            @Override
            public void resetPeaks() {
            }
        };
        bench = TokenBench.builder()
                .optClock(clock)
                .optMemoryProbe(new MemoryProbe(status, dir.resolve("clear_refs"), heap))
                .optWallClock(Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC))
                .build();
        engine = FakeEngine.builder().optTiming(TIMING).optClock(clock).build();
        generator = Generator.of(engine, "fake:paced");
    }

    private static void assertAllEqual(Statistics statistics, double value) {
        assertThat(statistics.min()).isEqualTo(value);
        assertThat(statistics.max()).isEqualTo(value);
        assertThat(statistics.mean()).isEqualTo(value);
    }

    @Test
    void measureLatency_manualClock_reproducesProgrammedTtftItlTpotAndE2eExactly() throws BenchmarkException {
        String prompt = engine.promptOfTokens(5);

        TokenMetrics metrics = bench.measureLatency(generator, prompt, 4, 2, 3);

        // TTFT = 2 ms + 5 x 0.1 ms; ITL = 3 ms; E2E = TTFT + 3 x 3 ms; TPOT = (E2E - TTFT) / 3
        assertThat(metrics.requestCount()).isEqualTo(3);
        assertAllEqual(metrics.timeToFirstToken().orElseThrow(), 2_500_000);
        assertThat(metrics.interTokenLatencyNanos()).hasSize(9).containsOnly(3_000_000);
        assertAllEqual(metrics.timePerOutputToken().orElseThrow(), 3_000_000);
        assertAllEqual(metrics.endToEnd(), 11_500_000);
        assertThat(metrics.timeToFirstToken().orElseThrow().stdDev()).hasValue(0);
        // 4 tokens per 11.5 ms; 5 prompt tokens per 2.5 ms; 3 decode tokens per 9 ms
        assertThat(metrics.outputTokensPerSecond().getAsDouble()).isCloseTo(4 / 11.5e-3, within(1e-9));
        assertThat(metrics.prefillTokensPerSecond().getAsDouble()).isCloseTo(5 / 2.5e-3, within(1e-9));
        assertThat(metrics.decodeTokensPerSecond().getAsDouble()).isCloseTo(3 / 9e-3, within(1e-9));
    }

    @Test
    void measureLatency_slowWarmups_areRunButExcluded() throws BenchmarkException {
        AtomicInteger calls = new AtomicInteger();
        Generator slowFirst = Generator.streaming("custom", (prompts, newTokens, listener) -> {
            long delay = calls.incrementAndGet() <= 2 ? 1_000_000_000L : 1_000L;
            for (int k = 0; k < newTokens; k++) {
                listener.onToken(0, k, clock.advanceNanos(delay));
            }
            return null;
        });

        TokenMetrics metrics = bench.measureLatency(slowFirst, "p", 2, 2, 4);

        assertThat(calls.get()).isEqualTo(6);
        assertThat(metrics.requestCount()).isEqualTo(4);
        assertThat(metrics.timeToFirstTokenNanos()).containsOnly(1_000L);
        assertThat(metrics.prefillTokensPerSecond()).isEmpty();
    }

    @Test
    void benchmarkBatch_threePrompts_measuresThreeSequencesOfNTokensPerRequest() throws BenchmarkException {
        List<String> prompts = Collections.nCopies(3, engine.promptOfTokens(10));

        BenchmarkResult result = bench.benchmarkBatch(generator, prompts, 4, 1, 2);

        assertThat(result.workload().batchSize()).isEqualTo(3);
        assertThat(result.workload().promptTokens()).hasValue(10);
        assertThat(result.workload().newTokens()).isEqualTo(4);
        assertThat(result.workload().model()).isEqualTo("fake:paced");
        assertThat(result.framework().name()).isEqualTo("fake");
        assertThat(result.measuredRuns()).isEqualTo(2);
        assertThat(result.warmupRuns()).isEqualTo(1);
        assertThat(result.samples().timeToFirstTokenNanos()).hasSize(6).containsOnly(3_000_000L);
        assertThat(result.samples().interTokenLatencyNanos()).hasSize(18);
        assertThat(result.samples().requestOutputTokens()).containsExactly(12, 12);
        // 12 tokens per request over TTFT 3 ms + 3 x 3 ms
        assertThat(result.outputTokensPerSecond().getAsDouble()).isCloseTo(12 / 12e-3, within(1e-9));
        assertThat(result.timestamp()).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(result.memory().peakRssBytes()).hasValue(1L << 30);
        assertThat(result.memory().rssPeakScope()).isEqualTo(RssPeakScope.PER_ITERATION);
        assertThat(result.memoryEfficiency().getAsDouble()).isCloseTo(1000, within(1e-9));
    }

    @Test
    void benchmarkSingle_blockingGenerator_hasE2eAndThroughputButNoTokenTimes() throws BenchmarkException {
        Generator blocking = Generator.blocking("batch-only", (prompts, newTokens) -> {
            clock.advanceNanos(8_000_000);
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                out.add(new int[newTokens]);
            }
            return out;
        });

        BenchmarkResult result = bench.benchmarkSingle(blocking, "p", 4, 0, 2);

        assertThat(result.timeToFirstTokenNanos()).isEmpty();
        assertThat(result.interTokenLatencyNanos()).isEmpty();
        assertThat(result.timePerOutputTokenNanos()).isEmpty();
        assertThat(result.prefillTokensPerSecond()).isEmpty();
        assertThat(result.decodeTokensPerSecond()).isEmpty();
        assertThat(result.workload().promptTokens()).isEmpty();
        assertAllEqual(result.endToEndNanos(), 8_000_000);
        assertThat(result.outputTokensPerSecond().getAsDouble()).isCloseTo(4 / 8e-3, within(1e-9));
        assertThat(result.framework().name()).isEqualTo("batch-only");
    }

    @Test
    void measureThroughput_wrongTokenCount_failsNamingRunAndSequence() {
        Generator shortChanged = Generator.streaming("eos-stopper", (prompts, newTokens, listener) -> {
            listener.onToken(0, 1, clock.advanceNanos(1));
            return null;
        });

        assertThatThrownBy(() -> bench.measureThroughput(shortChanged, List.of("a"), 3))
                .isInstanceOf(BenchmarkException.class)
                .hasMessage("warm-up run 1 of 1: sequence 0 received 1 new tokens, expected exactly 3"
                        + " (the generator must ignore end-of-sequence while benchmarking)");
    }

    @Test
    void measureThroughput_generatorThrows_wrapsWithTheRun() {
        Generator broken = Generator.streaming("broken", (prompts, newTokens, listener) -> {
            throw new IllegalStateException("native crash");
        });

        assertThatThrownBy(() -> bench.measureThroughput(broken, List.of("a"), 3, 0, 1))
                .isInstanceOf(BenchmarkException.class)
                .hasMessage("measured run 1 of 1 failed: native crash");
    }

    @Test
    void measureMemory_action_readsPeaksAndPropagatesFailure() throws BenchmarkException {
        MemoryPeaks peaks = bench.measureMemory(() -> { });
        assertThat(peaks.peakRssBytes()).hasValue(1L << 30);
        assertThat(peaks.heapPeakBytes()).hasValue(1 << 20);
        assertThatThrownBy(() -> bench.measureMemory(() -> {
            throw new IOException("disk full");
        })).isInstanceOf(BenchmarkException.class).hasMessage("the measured action failed: disk full");
    }

    @Test
    void runThroughputSweep_failingBatchSize_isRecordedAndTheSweepGoesOn() {
        Generator failsAtTwo = Generator.streaming("picky", (prompts, newTokens, listener) -> {
            if (prompts.size() == 2) {
                throw new IllegalStateException("out of memory at batch 2");
            }
            for (int k = 0; k < newTokens; k++) {
                long now = clock.advanceNanos(1_000);
                for (int s = 0; s < prompts.size(); s++) {
                    listener.onToken(s, k, now);
                }
            }
            return null;
        });

        List<SweepOutcome> outcomes = bench.runThroughputSweep(failsAtTwo, "p", 2, new int[] {1, 2, 4}, 0, 1);

        assertThat(outcomes).extracting(SweepOutcome::configuration).containsExactly("batch=1", "batch=2", "batch=4");
        assertThat(outcomes.get(0)).isInstanceOf(SweepOutcome.Completed.class);
        assertThat(outcomes.get(1)).isEqualTo(new SweepOutcome.Failed("batch=2", "measured run 1 of 1 failed: out of memory at batch 2"));
        SweepOutcome.Completed four = (SweepOutcome.Completed) outcomes.get(2);
        assertThat(four.result().workload().batchSize()).isEqualTo(4);
        assertThat(four.result().samples().requestOutputTokens()[0]).isEqualTo(8);
    }

    @Test
    void runLatencySweep_promptLengths_givesTtftGrowingByThePerTokenDelay() {
        List<SweepOutcome> outcomes = bench.runLatencySweep(generator, engine::promptOfTokens, new int[] {2, 8}, 3, 0, 2);

        assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o).isInstanceOf(SweepOutcome.Completed.class));
        BenchmarkResult two = ((SweepOutcome.Completed) outcomes.get(0)).result();
        BenchmarkResult eight = ((SweepOutcome.Completed) outcomes.get(1)).result();
        assertThat(two.workload().promptTokens()).hasValue(2);
        assertThat(eight.workload().promptTokens()).hasValue(8);
        assertThat(two.timeToFirstTokenNanos().orElseThrow().mean()).isEqualTo(2_200_000);
        assertThat(eight.timeToFirstTokenNanos().orElseThrow().mean()).isEqualTo(2_800_000);
    }

    @Test
    void badArguments_throwNamingTheArgumentAndValidRange() {
        assertThatThrownBy(() -> bench.measureLatency(null, "p", 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("generator must not be null");
        assertThatThrownBy(() -> bench.measureLatency(generator, "p", 0, 0, 1)).hasMessage("numTokens must be >= 1, was 0");
        assertThatThrownBy(() -> bench.measureLatency(generator, "p", -3, 0, 1)).hasMessage("numTokens must be >= 1, was -3");
        assertThatThrownBy(() -> bench.measureLatency(generator, "p", 1, -1, 1)).hasMessage("warmupRuns must be >= 0, was -1");
        assertThatThrownBy(() -> bench.measureLatency(generator, "p", 1, 0, 0)).hasMessage("numRuns must be >= 1, was 0");
        assertThatThrownBy(() -> bench.measureLatency(generator, null, 1, 0, 1)).hasMessage("prompt must not be null");
        assertThatThrownBy(() -> bench.measureThroughput(generator, List.of(), 1)).hasMessage("prompts must hold at least 1 prompt, was empty");
        assertThatThrownBy(() -> bench.benchmarkBatch(generator, null, 1, 0, 1)).hasMessage("prompts must hold at least 1 prompt, was null");
        assertThatThrownBy(() -> bench.runThroughputSweep(generator, "p", 1, new int[] {1, 0}))
                .hasMessage("batchSizes must all be >= 1, was [1, 0]");
        assertThatThrownBy(() -> bench.runThroughputSweep(generator, "p", 1, new int[0]))
                .hasMessage("batchSizes must hold at least 1 value, was empty");
        assertThatThrownBy(() -> bench.runLatencySweep(generator, engine::promptOfTokens, new int[] {-4}, 1, 0, 1))
                .hasMessage("promptLengths must all be >= 1, was [-4]");
    }
}
