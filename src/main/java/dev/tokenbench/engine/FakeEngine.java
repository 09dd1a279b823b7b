package dev.tokenbench.engine;

import dev.tokenbench.measure.BuildInfo;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.TokenListener;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scripted engine: computes nothing, emits deterministic token ids on a programmed schedule.
 *
 * <p>It serves two purposes. With programmed delays it is the reference against which the harness is checked:
 * on a {@link dev.tokenbench.measure.ManualClock} every metric comes out exactly as programmed, on the system
 * clock within the clock's wake-up precision. With zero delays it measures the harness's own cost per token.
 *
 * <p>Schedule of a request whose longest prompt has P tokens, called at clock reading {@code t0}: every
 * sequence receives its token {@code k} (0-based) at {@code t0 + prefillNanos + P * prefillNanosPerPromptToken
 * + k * interTokenNanos}, all sequences of the batch at the same step (a static batch). Deadlines are
 * absolute, so waiting errors do not accumulate.
 *
 * <p>Tokenizer: a prompt has one token per whitespace-separated word, plus one for a leading BOS; a prompt given as
 * token ids has as many tokens as ids.
 *
 * <p>Native memory: with {@link Builder#optNativeBytesPerPosition} (in a JMH fork, the system property
 * {@value #NATIVE_BYTES_PER_POSITION_PROPERTY}) a request holds that many bytes of native memory per sequence and
 * context position (prompt plus new tokens), as an engine's KV cache does: allocated with {@code malloc} before the first
 * token, every page written, freed when the request ends. A {@code malloc} that fails ends the request with
 * {@link OutOfMemoryError}, as a native engine's allocation failure would; this is how tests run a fork out of native memory.
 */
public final class FakeEngine implements Engine {

    /** Framework name in results and {@code @Param}. */
    public static final String FRAMEWORK = "fake";

    /** The fake's vocabulary size: token ids are in {@code [0, VOCAB_SIZE)}. */
    public static final int VOCAB_SIZE = 32_000;

    /** System property of a fork: bytes of native memory a request holds per sequence and context position (default 0). */
    public static final String NATIVE_BYTES_PER_POSITION_PROPERTY = "tokenbench.fake.nativeBytesPerPosition";

    /** Bytes between two writes that touch every page of the native memory a request holds. */
    private static final long PAGE_BYTES = 4096;

    private static final String[] WORDS = {
        "the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "while", "small", "birds", "sing",
        "in", "green", "trees", "near", "river", "bank"
    };

    private final Timing timing;
    private final NanoClock clock;
    private final int threads;
    private final String precision;
    private final long nativeBytesPerPosition;
    private boolean closed;

    /**
     * Programmed delays, all in nanoseconds and at least 0.
     *
     * @param prefillNanos               fixed time before the first token of a request
     * @param prefillNanosPerPromptToken additional time per token of the longest prompt
     * @param interTokenNanos            time between two consecutive tokens of a sequence
     */
    public record Timing(long prefillNanos, long prefillNanosPerPromptToken, long interTokenNanos) {

        /** No delay at all: measures the harness's own cost. */
        public static final Timing ZERO = new Timing(0, 0, 0);

        public Timing {
            if (prefillNanos < 0 || prefillNanosPerPromptToken < 0 || interTokenNanos < 0) {
                throw new IllegalArgumentException("fake engine delays must be >= 0 ns, were prefill " + prefillNanos
                        + ", per prompt token " + prefillNanosPerPromptToken + ", inter-token " + interTokenNanos);
            }
        }

        /** The programmed time to first token for a longest prompt of {@code promptTokens}. */
        public long timeToFirstTokenNanos(int promptTokens) {
            return prefillNanos + promptTokens * prefillNanosPerPromptToken;
        }
    }

    private FakeEngine(Builder builder) {
        this.timing = builder.timing;
        this.clock = builder.clock;
        this.threads = builder.threads;
        this.precision = builder.precision;
        this.nativeBytesPerPosition = builder.nativeBytesPerPosition;
    }

    /** A builder with zero delays, the system clock and 1 thread. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo(FRAMEWORK, BuildInfo.current().tokenbenchVersion(), precision, threads, "cpu", BatchHandling.STATIC_BATCH, false);
    }

    /** The programmed delays. */
    public Timing timing() {
        return timing;
    }

    @Override
    public GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
        if (closed) {
            throw new EngineException("fake engine is closed; open a new one");
        }
        long calledNanos = clock.nanoTime();
        int batch = request.batchSize();
        int[] promptTokenCounts = new int[batch];
        int[] seeds = new int[batch];
        for (int s = 0; s < batch; s++) {
            String prompt = request.prompts().get(s);
            promptTokenCounts[s] = countTokens(prompt);
            seeds[s] = prompt.hashCode();
        }
        return emit(calledNanos, promptTokenCounts, seeds, request.newTokens(), listener);
    }

    /**
     * Serves token ids as given: a prompt of P ids has P tokens, and its generated ids follow from the ids
     * ({@code Arrays.hashCode} of them as the seed), so a test can tell which ids reached the engine.
     */
    @Override
    public GenerationOutcome generate(TokenIdRequest request, TokenListener listener) throws EngineException {
        if (closed) {
            throw new EngineException("fake engine is closed; open a new one");
        }
        long calledNanos = clock.nanoTime();
        request.checkIds(FRAMEWORK, VOCAB_SIZE);
        List<int[]> prompts = request.promptTokenIds();
        int[] promptTokenCounts = new int[prompts.size()];
        int[] seeds = new int[prompts.size()];
        for (int s = 0; s < prompts.size(); s++) {
            promptTokenCounts[s] = prompts.get(s).length;
            seeds[s] = seedOf(prompts.get(s));
        }
        return emit(calledNanos, promptTokenCounts, seeds, request.newTokens(), listener);
    }

    /** The seed of a prompt given as token ids: the one its generated ids follow from. */
    public static int seedOf(int[] promptTokenIds) {
        return Arrays.hashCode(promptTokenIds);
    }

    /** The ids the fake generates, step by step, for a prompt whose seed is {@code seed}. */
    public static int[] tokenIds(int seed, int newTokens) {
        int[] ids = new int[newTokens];
        for (int k = 0; k < newTokens; k++) {
            ids[k] = tokenId(seed, k);
        }
        return ids;
    }

    private GenerationOutcome emit(long calledNanos, int[] promptTokenCounts, int[] seeds, int newTokens, TokenListener listener)
            throws EngineException {
        int batch = seeds.length;
        int longestPrompt = 0;
        for (int count : promptTokenCounts) {
            longestPrompt = Math.max(longestPrompt, count);
        }
        long firstTokenDeadline = calledNanos + timing.timeToFirstTokenNanos(longestPrompt);
        com.sun.jna.Memory cache = holdNativeMemory(batch, longestPrompt + newTokens);
        try {
            for (int k = 0; k < newTokens; k++) {
                clock.awaitNanoTime(firstTokenDeadline + k * timing.interTokenNanos());
                long now = clock.nanoTime();
                for (int s = 0; s < batch; s++) {
                    listener.onToken(s, tokenId(seeds[s], k), now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("fake engine interrupted while generating", e);
        } finally {
            if (cache != null) {
                cache.close();
            }
        }
        return GenerationOutcome.of(promptTokenCounts);
    }

    /**
     * The native memory a request holds, every page written; null when the fake holds none.
     *
     * @throws OutOfMemoryError when {@code malloc} fails (JNA's message: {@code Cannot allocate N bytes})
     */
    private com.sun.jna.Memory holdNativeMemory(int batch, int positions) {
        if (nativeBytesPerPosition == 0) {
            return null;
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Math.multiplyExact(nativeBytesPerPosition, (long) batch), (long) positions);
        } catch (ArithmeticException e) {
            throw new OutOfMemoryError("Cannot allocate " + nativeBytesPerPosition + " bytes x " + batch + " sequences x " + positions + " positions");
        }
        com.sun.jna.Memory memory = new com.sun.jna.Memory(bytes);
        for (long offset = 0; offset < bytes; offset += PAGE_BYTES) {
            memory.setByte(offset, (byte) 1);
        }
        return memory;
    }

    /** Bytes of native memory a request holds per sequence and context position (0: none). */
    public long nativeBytesPerPosition() {
        return nativeBytesPerPosition;
    }

    /** The token id the fake emits at step {@code k} for a prompt whose hash is {@code seed}. */
    static int tokenId(int seed, int k) {
        return Math.floorMod(seed * 31 + k * 7919, VOCAB_SIZE);
    }

    /**
     * The fake's ids of a text: a BOS (id 1), then one id per whitespace-separated word (its hash modulo the
     * vocabulary), as many as {@link #countTokens(String)} counts.
     */
    @Override
    public Optional<int[]> tokenize(String text) {
        String trimmed = text.strip();
        String[] words = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        int[] ids = new int[1 + words.length];
        ids[0] = 1;
        for (int i = 0; i < words.length; i++) {
            ids[i + 1] = Math.floorMod(words[i].hashCode(), VOCAB_SIZE);
        }
        return Optional.of(ids);
    }

    /** Tokens of a prompt for the fake: one per whitespace-separated word, plus a leading BOS. */
    public static int countTokens(String prompt) {
        String trimmed = prompt.strip();
        return 1 + (trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length);
    }

    @Override
    public String promptOfTokens(int promptTokens) {
        if (promptTokens < 1) {
            throw new IllegalArgumentException("promptTokens must be >= 1, was " + promptTokens);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < promptTokens - 1; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS[i % WORDS.length]);
        }
        return text.toString();
    }

    /** The fake's text for token ids: one word per id, {@code t<id>}. */
    @Override
    public String decode(int[] tokenIds) {
        StringBuilder text = new StringBuilder();
        for (int id : tokenIds) {
            text.append(text.length() == 0 ? "" : " ").append('t').append(id);
        }
        return text.toString();
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Opens fake engines for the registry: the model is a label, the timing comes from the options. */
    public static final class Provider implements EngineProvider {

        /** For {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String framework() {
            return FRAMEWORK;
        }

        @Override
        public List<String> precisions() {
            return List.of(EngineOptions.DEFAULT_PRECISION, "f16", "q8_0");
        }

        /** A fake model names a schedule ({@link FakeModels}). */
        @Override
        public void checkModel(String model) {
            if (FakeModels.timing(model).isEmpty()) {
                throw new IllegalArgumentException("unknown model '" + model + "' for framework fake; valid: " + FakeModels.VALID);
            }
        }

        /** A fake has no context: any prompt and any number of new tokens. */
        @Override
        public void checkRequest(String model, int promptTokens, int newTokens) {
        }

        /** The value of {@code -Dtokenbench.fake.nativeBytesPerPosition}: a whole number of bytes >= 0. */
        static long nativeBytesPerPosition(String value) {
            try {
                long bytes = Long.parseLong(value.strip());
                if (bytes >= 0) {
                    return bytes;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("-D" + NATIVE_BYTES_PER_POSITION_PROPERTY + "=" + value
                    + ": must be a whole number of bytes >= 0; give 0 or leave it out for no native memory");
        }

        @Override
        public boolean measuresHarnessCost(String model) {
            return FakeModels.timing(model).filter(Timing.ZERO::equals).isPresent();
        }

        /** Opens the fake with the schedule its model names (zero delays for a model that names none). */
        @Override
        public Engine open(EngineOptions options) {
            long nativeBytesPerPosition = nativeBytesPerPosition(System.getProperty(NATIVE_BYTES_PER_POSITION_PROPERTY, "0"));
            return builder().optTiming(FakeModels.timing(options.model()).orElse(Timing.ZERO)).optClock(options.clock()).optThreads(options.threads())
                    .optPrecision(options.precision()).optNativeBytesPerPosition(nativeBytesPerPosition).build();
        }
    }

    /** Builds a {@link FakeEngine}; every setting is optional. */
    public static final class Builder {
        private Timing timing = Timing.ZERO;
        private NanoClock clock = NanoClock.system();
        private int threads = 1;
        private String precision = EngineOptions.DEFAULT_PRECISION;
        private long nativeBytesPerPosition;

        private Builder() {
        }

        /**
         * Bytes of native memory a request holds per sequence and context position, like a KV cache (default 0: none);
         * see the class comment.
         */
        public Builder optNativeBytesPerPosition(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("native bytes per position must be >= 0, was " + bytes);
            }
            this.nativeBytesPerPosition = bytes;
            return this;
        }

        /**
         * Precision to report (default {@code f32}). The fake computes nothing; it echoes the precision of the
         * workload it is a baseline for, so that reports group it with the engines it is compared with.
         */
        public Builder optPrecision(String precision) {
            this.precision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /** Programmed delays (default: none). */
        public Builder optTiming(Timing timing) {
            this.timing = Objects.requireNonNull(timing, "timing");
            return this;
        }

        /** The clock to pace and timestamp tokens with (default: the system clock). */
        public Builder optClock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Threads to report (the fake uses the caller's thread only). */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        public FakeEngine build() {
            return new FakeEngine(this);
        }
    }
}
