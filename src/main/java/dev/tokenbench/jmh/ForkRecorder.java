package dev.tokenbench.jmh;

import dev.tokenbench.measure.TokenSamples;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.StepCost;
import dev.tokenbench.measure.TokenMetrics;
import dev.tokenbench.measure.TokenTimeline;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the benchmark of one fork hands to that fork's profilers: the timeline of every request of the current
 * iteration, and the open engine (for its tensor bytes).
 *
 * <p>The token profiler arms the recorder before each iteration ({@link #beginIteration()}) and takes the
 * iteration's samples after it ({@link #endIteration()}); requests completed while it is not armed (setup
 * warm-up, or a run without the profiler) are not kept. Each request is folded into the iteration's
 * samples as soon as it completes, so an iteration of many requests keeps their samples but not their
 * timelines. Methods are synchronized: the benchmark thread records, JMH's main thread begins and ends.
 */
public final class ForkRecorder {

    private static final ForkRecorder FORK = new ForkRecorder(NanoClock.system());

    private final NanoClock clock;
    private TokenMetrics.Builder iteration;
    private long iterationStartNanos;
    private Engine engine;
    private OptionalLong tensorBytesAtClose = OptionalLong.empty();
    private Optional<StepCost> stepCost = Optional.empty();
    private final long[] engineTimerSums = new long[2];
    private final long[] engineTimerCounts = new long[2];
    private long chunkedRequests;

    ForkRecorder(NanoClock clock) {
        this.clock = clock;
    }

    /** The recorder of this JVM (one fork runs one benchmark configuration). */
    public static ForkRecorder fork() {
        return FORK;
    }

    /** Starts keeping requests, discarding any kept before. */
    public synchronized void beginIteration() {
        iteration = TokenMetrics.builder();
        java.util.Arrays.fill(engineTimerSums, 0);
        java.util.Arrays.fill(engineTimerCounts, 0);
        chunkedRequests = 0;
        iterationStartNanos = clock.nanoTime();
    }

    /** Keeps a completed request if an iteration is under way; otherwise drops it. */
    public synchronized void record(TokenTimeline timeline) {
        if (iteration != null) {
            iteration.add(timeline);
        }
    }

    /** Keeps the engine's own timers of a completed request, and whether its tokens came chunked, if an iteration is under way. */
    public synchronized void recordEngineTimers(GenerationOutcome outcome) {
        if (iteration == null) {
            return;
        }
        if (outcome.tokensChunked()) {
            chunkedRequests++;
        }
        add(0, outcome.enginePrefillNanos());
        add(1, outcome.engineInterTokenNanos());
    }

    private void add(int timer, OptionalLong nanos) {
        if (nanos.isPresent()) {
            engineTimerSums[timer] += nanos.getAsLong();
            engineTimerCounts[timer]++;
        }
    }

    /**
     * The engine timers kept since {@link #beginIteration()}, as {@code engine.prefill_ms} and {@code engine.itl_ms}
     * results; none for engines without timers. Read before {@link #endIteration()}.
     */
    public synchronized List<EngineTimerResult> engineTimers() {
        List<EngineTimerResult> results = new java.util.ArrayList<>();
        if (engineTimerCounts[0] > 0) {
            results.add(new EngineTimerResult(EngineTimerResult.PREFILL, engineTimerSums[0], engineTimerCounts[0]));
        }
        if (engineTimerCounts[1] > 0) {
            results.add(new EngineTimerResult(EngineTimerResult.INTER_TOKEN, engineTimerSums[1], engineTimerCounts[1]));
        }
        return results;
    }

    /** Requests kept since {@link #beginIteration()} whose tokens came chunked ({@code GenerationOutcome.tokensChunked}). Read before {@link #endIteration()}. */
    public synchronized long chunkedRequests() {
        return chunkedRequests;
    }

    /**
     * Stops keeping requests and returns the samples of those kept since {@link #beginIteration()}; empty when
     * none completed or no iteration was begun.
     */
    public synchronized Optional<TokenSamples> endIteration() {
        TokenMetrics.Builder finished = iteration;
        iteration = null;
        if (finished == null || finished.requestCount() == 0) {
            return Optional.empty();
        }
        return Optional.of(TokenSamples.of(finished.build(), clock.nanoTime() - iterationStartNanos));
    }

    /** The benchmark opened {@code engine}. */
    public synchronized void engineOpened(Engine opened) {
        engine = opened;
        tensorBytesAtClose = OptionalLong.empty();
        stepCost = opened.stepCost();
    }

    /** What a step of the engine opened last reads and computes, if it states it (kept after it closes). */
    public synchronized Optional<StepCost> stepCost() {
        return stepCost;
    }

    /**
     * The benchmark is about to close {@code engine}: its tensor bytes are read now, since JMH tears the trial
     * down before the last iteration's profilers stop.
     */
    public synchronized void engineClosing(Engine closing) {
        if (engine == closing) {
            tensorBytesAtClose = closing.tensorBytes();
            engine = null;
        }
    }

    /** Bytes of the engine's live tensors: now if it is open, else as last read before it closed. */
    public synchronized OptionalLong tensorBytes() {
        return engine != null ? engine.tensorBytes() : tensorBytesAtClose;
    }
}
