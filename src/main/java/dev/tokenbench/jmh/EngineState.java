package dev.tokenbench.jmh;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.RequestRunner;
import dev.tokenbench.measure.TokenMetrics;
import dev.tokenbench.measure.TokenTimeline;
import java.util.Collections;
import java.util.Optional;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The engine a benchmark measures, opened once per trial (one configuration per fork) and closed at its end.
 *
 * <p>A benchmark extends this state, declares the {@code @Param} fields of {@link WorkloadParams#NAMES} with its
 * own defaults, returns them from {@link #workload()}, and calls {@link #measureRequest()} once per invocation:
 * one request of batch B, prompt of P tokens, exactly N new tokens, whose timeline goes to the
 * {@link ForkRecorder} that the token profiler reads.
 *
 * <p>Setup checks the parameters, opens the engine through {@link EngineRegistry} (the engine's provider resolves
 * the model), builds the request, and serves warm-up requests that no figure includes: at least
 * {@value #WARMUP_MIN_REQUESTS}, then more until {@value #DEFAULT_WARMUP_MILLIS} ms have passed (at most
 * {@value #WARMUP_MAX_REQUESTS}), so that the JIT has compiled the engine's and the harness's hot paths. Two, not
 * one: after a single warm-up request djl-pytorch's first measured request was still clearly slower than the next
 * ones (measured in the README's "The main job"). The
 * system property {@value #WARMUP_MILLIS_PROPERTY} of the fork changes that time (tests set 0).
 */
@State(Scope.Benchmark)
public abstract class EngineState {

    /** JVM option of every fork: DJL must never try to download anything. */
    public static final String DJL_OFFLINE = "-Dai.djl.offline=true";
    /** JVM option of every fork: a heap for the harness and the engine's Java side; tensors live off-heap. */
    public static final String FORK_HEAP = "-Xmx2g";

    static final int WARMUP_MIN_REQUESTS = 2;
    static final int WARMUP_MAX_REQUESTS = 10_000;
    static final long DEFAULT_WARMUP_MILLIS = 1_000;
    /** Fork system property: the setup warm-up's time in milliseconds after its minimum requests. */
    public static final String WARMUP_MILLIS_PROPERTY = "tokenbench.warmupMillis";

    private final NanoClock clock;
    private final RequestRunner runner;
    private final ForkRecorder recorder;
    private WorkloadParams params;
    private Engine engine;
    private GenerationRequest request;
    private GenerationOutcome lastOutcome;

    protected EngineState() {
        this(NanoClock.system(), ForkRecorder.fork());
    }

    EngineState(NanoClock clock, ForkRecorder recorder) {
        this.clock = clock;
        this.runner = new RequestRunner(clock);
        this.recorder = recorder;
    }

    /** The configuration to measure: the benchmark's {@code @Param} values. */
    protected abstract WorkloadParams workload();

    /**
     * Checks the parameters, opens the engine and serves the warm-up requests.
     *
     * @throws IllegalArgumentException if a parameter is invalid or JMH runs more than one thread
     */
    @Setup(Level.Trial)
    public void openEngine(BenchmarkParams benchmark) throws EngineException {
        if (benchmark.getThreads() != 1) {
            throw new IllegalArgumentException("tokenbench benchmarks serve one request at a time; run with -t 1"
                    + " (engine compute threads are the 'threads' parameter: -p threads=" + benchmark.getThreads() + ")");
        }
        open();
    }

    /** {@link #openEngine} without JMH: for tests. */
    final void open() throws EngineException {
        params = workload();
        ParamCheck.check(params);
        engine = EngineRegistry.open(params.framework(), params.engineOptions(clock));
        recorder.engineOpened(engine);
        String prompt = engine.promptOfTokens(params.promptTokens());
        request = new GenerationRequest(Collections.nCopies(params.batchSize(), prompt), params.newTokens());
        warmUp();
    }

    private void warmUp() throws EngineException {
        TokenMetrics.Builder discarded = TokenMetrics.builder();
        long deadline = clock.nanoTime() + Long.getLong(WARMUP_MILLIS_PROPERTY, DEFAULT_WARMUP_MILLIS) * 1_000_000L;
        for (int served = 0; served < WARMUP_MAX_REQUESTS; served++) {
            if (served >= WARMUP_MIN_REQUESTS && clock.nanoTime() - deadline >= 0) {
                break;
            }
            discarded.add(serve());
        }
    }

    /**
     * Serves one measured request and hands its timeline to the fork's recorder.
     *
     * @return the request's timeline (the benchmark returns it, so JMH cannot discard the work)
     * @throws EngineException if the engine fails, or does not deliver exactly N new tokens per prompt
     */
    public final TokenTimeline measureRequest() throws EngineException {
        TokenTimeline timeline = serve();
        recorder.record(timeline);
        recorder.recordEngineTimers(lastOutcome);
        return timeline;
    }

    private TokenTimeline serve() throws EngineException {
        TokenTimeline timeline = runner.stream(params.batchSize(), params.newTokens(), listener -> {
            lastOutcome = engine.generate(request, listener);
            return lastOutcome.promptTokenCounts();
        });
        Optional<String> shortfall = RequestRunner.shortfall(timeline);
        if (shortfall.isPresent()) {
            throw new EngineException(params.framework() + ": " + shortfall.get());
        }
        return timeline;
    }

    /** Closes the engine, reading its tensor bytes first for the memory profiler. */
    @TearDown(Level.Trial)
    public void closeEngine() throws EngineException {
        if (engine != null) {
            recorder.engineClosing(engine);
            Engine closing = engine;
            engine = null;
            closing.close();
        }
    }

    /** The request a measured invocation serves; for tests. */
    final GenerationRequest request() {
        return request;
    }
}
