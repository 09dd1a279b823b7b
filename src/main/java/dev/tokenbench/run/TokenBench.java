package dev.tokenbench.run;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.measure.BenchmarkResult;
import dev.tokenbench.measure.EnvironmentFacts;
import dev.tokenbench.measure.MemoryPeaks;
import dev.tokenbench.measure.MemoryProbe;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.RequestRunner;
import dev.tokenbench.measure.TokenMetrics;
import dev.tokenbench.measure.TokenTimeline;
import dev.tokenbench.measure.Workload;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The plain Java API: measures generation latency, throughput and memory without JMH.
 *
 * <p>Every method runs its warm-up requests first and excludes them from every figure, then measures each
 * request from the moment {@code generate} is called with the prompt text (tokenization included) to its last
 * new token. Generators must produce exactly the requested number of new tokens per prompt; anything else
 * fails the measurement, since a figure over the wrong token count would be wrong.
 *
 * <pre>{@code
 * try (Engine engine = FakeEngine.builder().build()) {
 *     Generator generator = Generator.of(engine, "fake");
 *     BenchmarkResult result = TokenBench.create().benchmarkSingle(generator, engine.promptOfTokens(128), 64, 2, 10);
 *     System.out.println(result.timeToFirstTokenNanos());
 * }
 * }</pre>
 */
public final class TokenBench {

    /** Warm-up requests of the methods that take no count. */
    public static final int DEFAULT_WARMUP_RUNS = 1;
    /** Measured requests of the methods that take no count. */
    public static final int DEFAULT_MEASURED_RUNS = 5;

    private final NanoClock clock;
    private final MemoryProbe memoryProbe;
    private final Supplier<EnvironmentFacts> environment;
    private final Clock wallClock;
    private final Consumer<String> progress;

    private TokenBench(Builder builder) {
        this.clock = builder.clock;
        this.memoryProbe = builder.memoryProbe;
        this.environment = builder.environment;
        this.wallClock = builder.wallClock;
        this.progress = builder.progress;
    }

    /** A harness on the system clock, reading this process's memory and this machine's facts. */
    public static TokenBench create() {
        return builder().build();
    }

    /** A builder whose every setting is optional (DJL style: {@code opt*}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Latency of one prompt: {@code numRuns} requests of batch 1 after {@code warmupRuns} unmeasured ones.
     *
     * @return TTFT, ITL, TPOT and E2E statistics (mean and spread) with their raw samples
     */
    public TokenMetrics measureLatency(Generator generator, String prompt, int numTokens, int warmupRuns, int numRuns)
            throws BenchmarkException {
        checkGenerator(generator);
        checkPrompt(prompt);
        return measure(generator, List.of(prompt), numTokens, warmupRuns, numRuns, false).metrics();
    }

    /**
     * Throughput of a batch: all {@code prompts} in one request, {@link #DEFAULT_WARMUP_RUNS} warm-up and
     * {@link #DEFAULT_MEASURED_RUNS} measured requests.
     *
     * @return metrics whose {@link TokenMetrics#outputTokensPerSecond()} is total new tokens over total wall time
     */
    public TokenMetrics measureThroughput(Generator generator, List<String> prompts, int numTokens) throws BenchmarkException {
        return measureThroughput(generator, prompts, numTokens, DEFAULT_WARMUP_RUNS, DEFAULT_MEASURED_RUNS);
    }

    /** Throughput of a batch with explicit run counts; see {@link #measureThroughput(Generator, List, int)}. */
    public TokenMetrics measureThroughput(Generator generator, List<String> prompts, int numTokens, int warmupRuns, int numRuns)
            throws BenchmarkException {
        checkGenerator(generator);
        checkPrompts(prompts);
        return measure(generator, prompts, numTokens, warmupRuns, numRuns, false).metrics();
    }

    /**
     * Peak memory while {@code action} runs: the process's RSS high-water mark (reset first where the kernel
     * allows, see {@link MemoryPeaks#rssPeakScope()}) and the JVM heap pools' peak.
     */
    public MemoryPeaks measureMemory(Action action) throws BenchmarkException {
        Objects.requireNonNull(action, "action must not be null");
        MemoryProbe.Window window = memoryProbe.start();
        try {
            action.run();
        } catch (Exception e) {
            throw new BenchmarkException("the measured action failed: " + describe(e), e);
        }
        return window.end();
    }

    /** Full result of one prompt at batch 1: latency, throughput, memory, raw samples and environment. */
    public BenchmarkResult benchmarkSingle(Generator generator, String prompt, int numTokens, int warmupRuns, int numRuns)
            throws BenchmarkException {
        checkGenerator(generator);
        checkPrompt(prompt);
        return benchmark(generator, List.of(prompt), numTokens, warmupRuns, numRuns);
    }

    /** Full result of a batch: every prompt in one request, B sequences and B x numTokens new tokens per request. */
    public BenchmarkResult benchmarkBatch(Generator generator, List<String> prompts, int numTokens, int warmupRuns, int numRuns)
            throws BenchmarkException {
        checkGenerator(generator);
        checkPrompts(prompts);
        return benchmark(generator, prompts, numTokens, warmupRuns, numRuns);
    }

    /**
     * Latency across prompt lengths, at batch 1: one configuration per length, in the given order. A failing
     * length is recorded as failed and the sweep goes on.
     *
     * @param promptOfTokens  makes a prompt of exactly the given token count (e.g. {@code engine::promptOfTokens})
     * @param promptLengths   prompt lengths in tokens, each at least 1
     */
    public List<SweepOutcome> runLatencySweep(Generator generator, IntFunction<String> promptOfTokens, int[] promptLengths,
            int numTokens, int warmupRuns, int numRuns) {
        checkGenerator(generator);
        Objects.requireNonNull(promptOfTokens, "promptOfTokens must not be null");
        checkPositive("promptLengths", promptLengths);
        checkCounts(numTokens, warmupRuns, numRuns);
        return sweep(generator, "prompt", promptLengths, length -> List.of(promptOfTokens.apply(length)), numTokens, warmupRuns, numRuns);
    }

    /**
     * Throughput across batch sizes: for each size B, B copies of {@code prompt} in one request, with
     * {@link #DEFAULT_WARMUP_RUNS} warm-up and {@link #DEFAULT_MEASURED_RUNS} measured requests.
     */
    public List<SweepOutcome> runThroughputSweep(Generator generator, String prompt, int numTokens, int[] batchSizes) {
        return runThroughputSweep(generator, prompt, numTokens, batchSizes, DEFAULT_WARMUP_RUNS, DEFAULT_MEASURED_RUNS);
    }

    /** Throughput across batch sizes with explicit run counts; a failing size is recorded and the sweep goes on. */
    public List<SweepOutcome> runThroughputSweep(Generator generator, String prompt, int numTokens, int[] batchSizes,
            int warmupRuns, int numRuns) {
        checkGenerator(generator);
        checkPrompt(prompt);
        checkPositive("batchSizes", batchSizes);
        checkCounts(numTokens, warmupRuns, numRuns);
        return sweep(generator, "batch", batchSizes, batchSize -> Collections.nCopies(batchSize, prompt), numTokens, warmupRuns, numRuns);
    }

    /**
     * One configuration per value, named {@code key=value}, in the given order; a failing configuration is recorded
     * as failed and the sweep goes on.
     */
    private List<SweepOutcome> sweep(Generator generator, String key, int[] values, IntFunction<List<String>> promptsOf, int numTokens,
            int warmupRuns, int numRuns) {
        List<SweepOutcome> outcomes = new ArrayList<>();
        for (int value : values) {
            String configuration = key + "=" + value;
            try {
                outcomes.add(new SweepOutcome.Completed(configuration, benchmark(generator, promptsOf.apply(value), numTokens, warmupRuns, numRuns)));
            } catch (BenchmarkException | RuntimeException e) {
                outcomes.add(new SweepOutcome.Failed(configuration, describe(e)));
            }
        }
        return Collections.unmodifiableList(outcomes);
    }

    /**
     * Serves one request with {@code engine} (no warm-up) and reports what it generated with every figure of the
     * measurement core: what {@code generate} prints.
     */
    public GenerationReport generate(Engine engine, String model, List<String> prompts, int numTokens) throws BenchmarkException {
        Objects.requireNonNull(engine, "engine must not be null");
        Objects.requireNonNull(model, "model must not be null");
        checkPrompts(prompts);
        checkCounts(numTokens, 0, 1);
        Generator generator = Generator.of(engine, model);
        MemoryProbe.Window window = memoryProbe.start();
        TokenTimeline timeline = request(generator, prompts, numTokens, "the request");
        MemoryPeaks memory = window.end().withTensorBytes(engine.tensorBytes());
        TokenMetrics metrics = TokenMetrics.of(List.of(timeline));
        List<Integer> promptCounts = new ArrayList<>();
        List<List<Integer>> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int[] counts = timeline.promptTokenCounts();
        for (int s = 0; s < prompts.size(); s++) {
            promptCounts.add(counts == null ? -1 : counts[s]);
            int[] tokens = timeline.tokenIds(s);
            ids.add(Arrays.stream(tokens).boxed().toList());
            texts.add(engine.decode(tokens));
        }
        return new GenerationReport(engine.info(), model, prompts, promptCounts, ids, texts,
                metrics.timeToFirstToken(), metrics.interTokenLatency(), metrics.timePerOutputToken(), metrics.endToEnd(),
                metrics.outputTokensPerSecond(), metrics.prefillTokensPerSecond(), metrics.decodeTokensPerSecond(), memory);
    }

    private BenchmarkResult benchmark(Generator generator, List<String> prompts, int numTokens, int warmupRuns, int numRuns)
            throws BenchmarkException {
        Measurement measurement = measure(generator, prompts, numTokens, warmupRuns, numRuns, true);
        Generator.Description description = generator.description();
        Workload workload = new Workload(description.model(), description.precision(), prompts.size(),
                measurement.promptTokensPerSequence(), numTokens, description.threads());
        return BenchmarkResult.of(description.framework(), workload, warmupRuns, measurement.metrics(), measurement.memory(),
                environment.get(), wallClock.instant());
    }

    /** The measured requests' metrics, their memory peaks, and the prompt length they all shared (if they did). */
    private record Measurement(TokenMetrics metrics, MemoryPeaks memory, OptionalInt promptTokensPerSequence) {
    }

    private Measurement measure(Generator generator, List<String> prompts, int numTokens, int warmupRuns, int numRuns,
            boolean withMemory) throws BenchmarkException {
        checkCounts(numTokens, warmupRuns, numRuns);
        String label = generator.description().framework().name() + " batch=" + prompts.size() + " new=" + numTokens;
        for (int run = 0; run < warmupRuns; run++) {
            request(generator, prompts, numTokens, "warm-up run " + (run + 1) + " of " + warmupRuns);
            progress.accept(label + ": warm-up " + (run + 1) + "/" + warmupRuns);
        }
        MemoryProbe.Window window = withMemory ? memoryProbe.start() : null;
        List<TokenTimeline> timelines = new ArrayList<>(numRuns);
        for (int run = 0; run < numRuns; run++) {
            timelines.add(request(generator, prompts, numTokens, "measured run " + (run + 1) + " of " + numRuns));
            progress.accept(label + ": run " + (run + 1) + "/" + numRuns);
        }
        MemoryPeaks memory = window == null ? MemoryPeaks.unavailable() : window.end().withTensorBytes(generator.tensorBytes());
        return new Measurement(TokenMetrics.of(timelines), memory, commonPromptLength(timelines));
    }

    /** Serves one request and checks that every sequence got exactly {@code numTokens} new tokens. */
    private TokenTimeline request(Generator generator, List<String> prompts, int numTokens, String which) throws BenchmarkException {
        int batch = prompts.size();
        TokenTimeline timeline;
        try {
            if (generator instanceof Generator.Streaming streaming) {
                timeline = new RequestRunner(clock).stream(batch, numTokens,
                        listener -> streaming.function().generate(prompts, numTokens, listener));
            } else if (generator instanceof Generator.Blocking blocking) {
                long start = clock.nanoTime();
                List<int[]> tokens = blocking.function().generate(prompts, numTokens);
                long end = clock.nanoTime();
                if (tokens == null || tokens.size() != batch) {
                    throw new BenchmarkException(which + ": generator returned " + (tokens == null ? "null" : tokens.size() + " sequences")
                            + " for a batch of " + batch + " prompts; return one token array per prompt");
                }
                timeline = new TokenTimeline(batch, numTokens, start);
                for (int s = 0; s < batch; s++) {
                    timeline.recordFinalTokens(s, Objects.requireNonNull(tokens.get(s), "token array of sequence " + s));
                }
                timeline.complete(end, null);
            } else {
                throw new IllegalStateException("unknown generator kind " + generator.getClass().getName());
            }
        } catch (BenchmarkException e) {
            throw e;
        } catch (Exception e) {
            throw new BenchmarkException(which + " failed: " + describe(e), e);
        }
        Optional<String> shortfall = RequestRunner.shortfall(timeline);
        if (shortfall.isPresent()) {
            throw new BenchmarkException(which + ": " + shortfall.get());
        }
        return timeline;
    }

    private static OptionalInt commonPromptLength(List<TokenTimeline> timelines) {
        int common = -1;
        for (TokenTimeline timeline : timelines) {
            int[] counts = timeline.promptTokenCounts();
            if (counts == null) {
                return OptionalInt.empty();
            }
            for (int count : counts) {
                if (common == -1) {
                    common = count;
                } else if (common != count) {
                    return OptionalInt.empty();
                }
            }
        }
        return common < 0 ? OptionalInt.empty() : OptionalInt.of(common);
    }

    private static void checkGenerator(Generator generator) {
        if (generator == null) {
            throw new IllegalArgumentException("generator must not be null: wrap an engine with Generator.of(engine, model) or a function with Generator.streaming(name, fn)");
        }
    }

    private static void checkPrompt(String prompt) {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null");
        }
    }

    private static void checkPrompts(List<String> prompts) {
        if (prompts == null || prompts.isEmpty()) {
            throw new IllegalArgumentException("prompts must hold at least 1 prompt, was " + (prompts == null ? "null" : "empty"));
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i) == null) {
                throw new IllegalArgumentException("prompts[" + i + "] must not be null");
            }
        }
    }

    private static void checkCounts(int numTokens, int warmupRuns, int numRuns) {
        if (numTokens < 1) {
            throw new IllegalArgumentException("numTokens must be >= 1, was " + numTokens);
        }
        if (warmupRuns < 0) {
            throw new IllegalArgumentException("warmupRuns must be >= 0, was " + warmupRuns);
        }
        if (numRuns < 1) {
            throw new IllegalArgumentException("numRuns must be >= 1, was " + numRuns);
        }
    }

    private static void checkPositive(String name, int[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least 1 value, was " + (values == null ? "null" : "empty"));
        }
        for (int value : values) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must all be >= 1, was " + Arrays.toString(values));
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Work whose peak memory {@link #measureMemory} reads. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** Builds a {@link TokenBench}. */
    public static final class Builder {
        private NanoClock clock = NanoClock.system();
        private MemoryProbe memoryProbe;
        private Supplier<EnvironmentFacts> environment = EnvironmentFacts::collect;
        private Clock wallClock = Clock.systemUTC();
        private Consumer<String> progress = line -> { };

        private Builder() {
        }

        /** The clock every request is timed with (default: the system clock). */
        public Builder optClock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The memory probe (default: this process's). */
        public Builder optMemoryProbe(MemoryProbe memoryProbe) {
            this.memoryProbe = Objects.requireNonNull(memoryProbe, "memoryProbe");
            return this;
        }

        /** Where results take their environment facts from (default: collected from this machine). */
        public Builder optEnvironment(Supplier<EnvironmentFacts> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** The wall clock that timestamps results (default: UTC system clock). */
        public Builder optWallClock(Clock wallClock) {
            this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
            return this;
        }

        /** Receives one line after each request (default: nothing). */
        public Builder optProgress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public TokenBench build() {
            if (memoryProbe == null) {
                memoryProbe = MemoryProbe.system();
            }
            return new TokenBench(this);
        }
    }
}
