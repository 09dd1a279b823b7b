package dev.tokenbench.benchmarks;

import dev.tokenbench.engine.EngineException;
import dev.tokenbench.jmh.EngineState;
import dev.tokenbench.jmh.WorkloadParams;
import dev.tokenbench.measure.TokenTimeline;
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
 * Prefill latency: time to first token (and prefill tokens/s) across prompt lengths.
 *
 * <p>Workload: each invocation is one request of {@code batchSize} prompts of {@code promptTokens} tokens with
 * {@code newTokens} = 1, so the request is the prompt's processing plus the first token; {@code ttft.*} and
 * {@code prefill.tokens_per_s} are the figures to read.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar PrefillLatencyBenchmark -p model=tiny,small -p promptTokens=16,64,256}
 */
// SampleTime: TTFT spans orders of magnitude across prompt lengths; time-boxed iterations give short prompts many
// samples and long prompts at least one each, and JMH's own score is then the distribution of request times.
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {EngineState.DJL_OFFLINE, EngineState.FORK_HEAP})
@Threads(1)
public class PrefillLatencyBenchmark extends EngineState {

    @Param({"djl-pytorch", "fake"})
    public String framework;
    @Param({"tiny"})
    public String model;
    @Param({"1"})
    public int batchSize;
    @Param({"16", "64", "256"})
    public int promptTokens;
    @Param({"1"})
    public int newTokens;
    @Param({"1"})
    public int threads;
    @Param({"f32"})
    public String precision;

    @Override
    protected WorkloadParams workload() {
        return new WorkloadParams(framework, model, batchSize, promptTokens, newTokens, threads, precision);
    }

    /** One request: B prompts of P tokens, one new token each. */
    @Benchmark
    public TokenTimeline prefill() throws EngineException {
        return measureRequest();
    }
}
