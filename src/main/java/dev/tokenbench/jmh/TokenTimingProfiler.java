package dev.tokenbench.jmh;

import dev.tokenbench.measure.TokenSamples;
import dev.tokenbench.measure.Figure;
import dev.tokenbench.measure.StepCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * Turns the requests of each measured iteration into token-timing secondary results: {@code ttft.*},
 * {@code itl.*}, {@code tpot.mean}, {@code e2e.*}, {@code *.tokens_per_s}, {@code tokens} and {@code requests}
 * (see {@link Figure}), each a {@link TokenFigureResult} that JMH merges exactly across iterations and
 * forks; and, for engines that time themselves (llama.cpp), the engine's own {@code engine.prefill_ms} and
 * {@code engine.itl_ms} ({@link EngineTimerResult}) beside them; and {@code requests.chunked}, the requests whose
 * tokens came several per event (over HTTP), in iterations that had any. Warm-up iterations give nothing.
 *
 * <p>Needs a benchmark built on {@link EngineState}. Enabled by default by {@code java -jar target/benchmarks.jar};
 * by hand {@code -prof tokens} (our launcher's short name) or
 * {@code -prof dev.tokenbench.jmh.TokenTimingProfiler} (JMH's own launcher knows discovered profilers by class
 * name only).
 */
public final class TokenTimingProfiler implements InternalProfiler {

    /** The short name our launcher accepts after {@code -prof}. */
    public static final String SHORT_NAME = "tokens";

    private final ForkRecorder recorder;

    /** The profiler of this fork, as JMH instantiates it. */
    public TokenTimingProfiler() {
        this(ForkRecorder.fork());
    }

    /**
     * As JMH instantiates it with {@code -prof tokens:OPTIONS}.
     *
     * @throws ProfilerException if options are given: it takes none
     */
    public TokenTimingProfiler(String options) throws ProfilerException {
        this(ForkRecorder.fork());
        if (options != null && !options.isBlank()) {
            throw new ProfilerException("the tokens profiler takes no options, got '" + options + "'");
        }
    }

    TokenTimingProfiler(ForkRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public String getDescription() {
        return "tokenbench token timing: TTFT, ITL, TPOT, E2E percentiles and token throughputs of every measured request";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        recorder.beginIteration();
    }

    @Override
    public List<Result<?>> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                          IterationResult result) {
        List<EngineTimerResult> engineTimers = recorder.engineTimers();
        long chunked = recorder.chunkedRequests();
        Optional<TokenSamples> samples = recorder.endIteration();
        if (iterationParams.getType() != IterationType.MEASUREMENT || samples.isEmpty()) {
            return List.of();
        }
        List<Result<?>> results = new ArrayList<>(TokenFigureResult.allOf(samples.get()));
        results.addAll(engineTimers);
        if (chunked > 0) {
            // present only for iterations with chunked requests, so that rows of engines that stream token by token are unchanged
            results.add(new ScalarResult(Figure.REQUESTS_CHUNKED.label(), chunked, Figure.REQUESTS_CHUNKED.unit(), AggregationPolicy.SUM));
        }
        recorder.stepCost().ifPresent(cost -> results.addAll(stepCostResults(cost)));
        return results;
    }

    /**
     * The engine's step cost as secondary results ({@code step.*}, the same value in every iteration, merged by
     * their maximum): the report computes the roofline figures from them.
     */
    static List<Result<?>> stepCostResults(StepCost cost) {
        return List.of(fact(Figure.STEP_WEIGHT_BYTES, cost.weightBytesPerStep()),
                fact(Figure.STEP_KV_BYTES_PER_POSITION, cost.kvBytesPerPosition()),
                fact(Figure.STEP_FLOPS_PER_TOKEN, cost.flopsPerToken()),
                fact(Figure.STEP_HEAD_FLOPS, cost.headFlops()),
                fact(Figure.STEP_ATTENTION_FLOPS_PER_POSITION, cost.attentionFlopsPerPosition()));
    }

    private static Result<?> fact(Figure figure, long value) {
        return new ScalarResult(figure.label(), value, figure.unit(), AggregationPolicy.MAX);
    }
}
