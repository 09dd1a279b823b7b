package dev.tokenbench.run;

import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.measure.BenchmarkResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Measures the harness itself with the scripted {@link FakeEngine}: its cost per token with zero delays, and
 * how closely it reproduces programmed delays (TTFT and ITL) at batch 1 and batch 8.
 *
 * <p>Every figure printed must match what was programmed, within the clock's wake-up precision; a harness that
 * cannot reproduce a known schedule cannot be trusted with a real engine.
 */
public final class HarnessCheck {

    /** Prompt length of every workload, in fake tokens. */
    public static final int PROMPT_TOKENS = 128;
    /** New tokens per sequence of every workload. */
    public static final int NEW_TOKENS = 64;
    /** Programmed delays of the paced workloads: 20 ms + 50 µs per prompt token to the first token, 2 ms per token after. */
    public static final FakeEngine.Timing PACED = new FakeEngine.Timing(
            Duration.ofMillis(20).toNanos(), Duration.ofNanos(50_000).toNanos(), Duration.ofMillis(2).toNanos());

    private static final int ZERO_DELAY_WARMUP_RUNS = 200;
    private static final int ZERO_DELAY_MEASURED_RUNS = 200;
    private static final int PACED_WARMUP_RUNS = 1;
    private static final int PACED_MEASURED_RUNS = 5;

    private final TokenBench bench;

    public HarnessCheck(TokenBench bench) {
        this.bench = Objects.requireNonNull(bench, "bench");
    }

    /**
     * Runs the zero-delay workload at batch 1 and the paced workloads at batch 1 and 8.
     *
     * @return the zero-delay result first, then the paced ones by batch size
     */
    public List<BenchmarkResult> run() throws BenchmarkException {
        List<BenchmarkResult> results = new ArrayList<>();
        try (FakeEngine zeroDelay = FakeEngine.builder().build()) {
            Generator generator = Generator.of(zeroDelay, "fake:zero-delay");
            results.add(bench.benchmarkSingle(generator, zeroDelay.promptOfTokens(PROMPT_TOKENS), NEW_TOKENS,
                    ZERO_DELAY_WARMUP_RUNS, ZERO_DELAY_MEASURED_RUNS));
        }
        try (FakeEngine paced = FakeEngine.builder().optTiming(PACED).build()) {
            Generator generator = Generator.of(paced, "fake:paced");
            String prompt = paced.promptOfTokens(PROMPT_TOKENS);
            for (int batch : new int[] {1, 8}) {
                results.add(bench.benchmarkBatch(generator, java.util.Collections.nCopies(batch, prompt), NEW_TOKENS,
                        PACED_WARMUP_RUNS, PACED_MEASURED_RUNS));
            }
        }
        return results;
    }
}
