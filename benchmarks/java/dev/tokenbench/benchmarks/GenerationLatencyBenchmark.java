package dev.tokenbench.benchmarks;

import dev.tokenbench.jmh.EngineState;
import dev.tokenbench.jmh.WorkloadParams;
import dev.tokenbench.measure.TokenTimeline;
import dev.tokenbench.engine.EngineException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of whole generation requests: TTFT, ITL, TPOT, E2E and tokens/s of one engine serving one model.
 *
 * <p>Workload: each invocation is one request of {@code batchSize} prompts of {@code promptTokens} tokens,
 * generating exactly {@code newTokens} new tokens per prompt (greedy, end-of-sequence ignored). The JMH score is
 * the time of the whole request; the token figures come from the {@code tokens} profiler.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar GenerationLatencyBenchmark -p model=tiny,small -p batchSize=1,8}
 */
// SingleShotTime: a request takes milliseconds to seconds, so each measured iteration is exactly one request,
// timed whole; the request count (-i) is the same for every framework and batch size, unlike a time-boxed mode.
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {EngineState.DJL_OFFLINE, EngineState.FORK_HEAP})
@Threads(1)
public class GenerationLatencyBenchmark extends EngineState {

    @Param({"djl-pytorch", "fake"})
    public String framework;
    @Param({"tiny"})
    public String model;
    @Param({"1"})
    public int batchSize;
    @Param({"128"})
    public int promptTokens;
    @Param({"64"})
    public int newTokens;
    @Param({"1"})
    public int threads;
    @Param({"f32"})
    public String precision;

    @Override
    protected WorkloadParams workload() {
        return new WorkloadParams(framework, model, batchSize, promptTokens, newTokens, threads, precision);
    }

    /** One request: B prompts of P tokens, N new tokens each. */
    @Benchmark
    public TokenTimeline generate() throws EngineException {
        return measureRequest();
    }
}
