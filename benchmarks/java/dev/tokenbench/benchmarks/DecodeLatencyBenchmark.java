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
 * Decode latency: inter-token latency (and decode tokens/s) at a given context length.
 *
 * <p>Workload: each invocation is one request of {@code batchSize} prompts of {@code promptTokens} tokens (the
 * context the decode steps attend to) generating {@code newTokens} new tokens each; {@code itl.*},
 * {@code tpot.mean} and {@code decode.tokens_per_s} are the figures to read.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar DecodeLatencyBenchmark -p model=tiny,small -p promptTokens=64,256}
 */
// SingleShotTime: one request per iteration already gives B x (N - 1) token gaps, so a fixed handful of whole
// requests suffices; time-boxing would only vary the sample count with the context length.
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {EngineState.DJL_OFFLINE, EngineState.FORK_HEAP})
@Threads(1)
public class DecodeLatencyBenchmark extends EngineState {

    @Param({"djl-pytorch", "fake"})
    public String framework;
    @Param({"tiny"})
    public String model;
    @Param({"1"})
    public int batchSize;
    @Param({"64", "256"})
    public int promptTokens;
    @Param({"32"})
    public int newTokens;
    @Param({"1"})
    public int threads;
    @Param({"f32"})
    public String precision;

    @Override
    protected WorkloadParams workload() {
        return new WorkloadParams(framework, model, batchSize, promptTokens, newTokens, threads, precision);
    }

    /** One request: B prompts of P context tokens, N new tokens each. */
    @Benchmark
    public TokenTimeline decode() throws EngineException {
        return measureRequest();
    }
}
