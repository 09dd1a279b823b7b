package dev.tokenbench.engine.djl;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.tokenbench.engine.BatchHandling;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.StepCost;
import dev.tokenbench.measure.TokenListener;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.TensorSource;
import dev.tokenbench.model.tokenizer.TextTokenizer;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

/**
 * The {@code djl-pytorch} engine: greedy generation with our LLaMA decoder over DJL NDArrays, run eagerly by
 * PyTorch in f32.
 *
 * <p>A request is served as a static batch: prompts of equal length are prefilled together, one forward pass
 * over {@code [prompts, length]} tokens, into their rows of a preallocated KV cache; prompts of different lengths
 * go in separate passes, so a sequence gets exactly the tokens it gets when run alone, whatever the other
 * prompts' lengths. The sequences of a pass get their first token as soon as the pass is done; then all rows
 * decode together, one forward pass per step, until each has exactly {@code newTokens} new tokens (end-of-sequence
 * ignored). Only the KV cache's memory is kept for the next request of the same shape, never its contents.
 *
 * <pre>{@code
 * try (DjlPytorchEngine engine = DjlPytorchEngine.builder()
 *         .setConfig(config)
 *         .setTensors(tensors)
 *         .setTokenizer(tokenizer)
 *         .optThreads(1)
 *         .optMaxBatch(16)
 *         .build()) {
 *     engine.generate(new GenerationRequest(List.of(engine.promptOfTokens(128)), 64), listener);
 * }
 * }</pre>
 *
 * <p>Threads: PyTorch's intra-op thread count is process-wide; opening an engine sets it for every PyTorch user
 * in the JVM (the last engine opened wins). Inter-op threads are set to 1 if PyTorch still allows it (only before
 * its first parallel work). Not safe for concurrent requests: {@link #generate} serves one request at a time.
 */
public final class DjlPytorchEngine implements Engine {

    /** The name this engine goes by in {@code @Param}s and results. */
    public static final String FRAMEWORK = "djl-pytorch";

    /**
     * Most prompt tokens one prefill forward pass takes: equal-length prompts beyond it are prefilled in several
     * passes, which bounds the activations and attention scores of a pass. 16 prompts of 128 tokens take four passes.
     * Measured on base at 16 x 128 in JMH forks: peak RSS 1.44x weights + KV cache with 512-token passes, 1.52x with
     * 1024, 1.65x with one 2048-token pass; total prefill time is the same, and the first sequences get their first
     * token after the first pass (TTFT mean 1.41 s against 2.2 s). Sequences of early passes wait during later passes,
     * which the decode throughput (docs/metrics.md) counts.
     */
    static final int PREFILL_TOKENS_PER_PASS = 512;

    private final NDManager weightsManager;
    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final NanoClock clock;
    private final int maxBatch;
    private final int maxContext;
    private final EngineInfo info;
    private final boolean ownsTokenizer;
    /** The last request's KV cache, kept for the next request of the same shape; in a sub-manager of the weights'. */
    private KvCache kvCache;
    private boolean closed;

    private DjlPytorchEngine(NDManager weightsManager, LlamaModel model, TextTokenizer tokenizer, NanoClock clock,
                             int maxBatch, int maxContext, EngineInfo info, boolean ownsTokenizer) {
        this.weightsManager = weightsManager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.maxContext = maxContext;
        this.info = info;
        this.ownsTokenizer = ownsTokenizer;
    }

    /** A builder: {@code set*} settings are required, {@code opt*} ones have defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public synchronized GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
        ensureOpen();
        Objects.requireNonNull(listener, "listener");
        List<String> prompts = request.prompts();
        int batch = prompts.size();
        int newTokens = request.newTokens();
        if (batch > maxBatch) {
            throw new InvalidRequestException(FRAMEWORK + ": request has " + batch + " prompts but the engine was opened for at most "
                    + maxBatch + "; open it with optMaxBatch(" + batch + ") or send fewer prompts");
        }
        int[][] promptTokens = new int[batch][];
        int[] promptTokenCounts = new int[batch];
        int longest = 0;
        for (int i = 0; i < batch; i++) {
            promptTokens[i] = tokenizer.encode(prompts.get(i));
            int count = promptTokens[i].length;
            promptTokenCounts[i] = count;
            if (count == 0) {
                throw new InvalidRequestException(FRAMEWORK + ": prompt " + i + " has 0 tokens; give it at least one token");
            }
            if ((long) count + newTokens > maxContext) {
                throw new InvalidRequestException(FRAMEWORK + ": prompt " + i + " has " + count + " tokens, plus " + newTokens
                        + " new tokens that is " + ((long) count + newTokens) + " positions, more than the context of "
                        + maxContext + "; shorten the prompt to at most " + Math.max(0, maxContext - newTokens)
                        + " tokens, ask for fewer new tokens, or open the engine with a larger optMaxContext");
            }
            longest = Math.max(longest, count);
        }
        try {
            decode(promptTokens, newTokens, longest, listener, null, null);
        } catch (ai.djl.engine.EngineException e) {
            throw new EngineException(FRAMEWORK + ": generation failed in PyTorch: " + e.getMessage(), e);
        }
        return GenerationOutcome.of(promptTokenCounts);
    }

    /**
     * The logits each greedy step of one sequence chose from: row 0 holds the logits at the prompt's last
     * position, row {@code i} those after feeding the {@code i}-th chosen token through the KV cache. With
     * {@code steps} 1 this is a single forward pass over the prompt. For agreement checks against other
     * implementations.
     */
    public synchronized float[][] greedyLogits(int[] promptTokenIds, int steps) throws EngineException {
        return greedyLogits(promptTokenIds, steps, new int[0]);
    }

    /**
     * {@link #greedyLogits(int[], int)} where each step chooses the largest logit among the ids not in
     * {@code excludedTokenIds} ({@link #argMax(float[], int[])}), for comparisons with an engine that keeps those
     * ids out of sampling. The returned logits are unchanged.
     */
    public synchronized float[][] greedyLogits(int[] promptTokenIds, int steps, int[] excludedTokenIds) throws EngineException {
        ensureOpen();
        if (steps < 1 || promptTokenIds.length < 1 || (long) promptTokenIds.length + steps > maxContext) {
            throw new IllegalArgumentException("need at least 1 prompt token and 1 step within the context of " + maxContext
                    + ", was " + promptTokenIds.length + " prompt tokens and " + steps + " steps");
        }
        float[][] logits = new float[steps][];
        try {
            decode(new int[][] {promptTokenIds}, steps, promptTokenIds.length, (sequence, token, time) -> { }, logits,
                    excludedTokenIds.clone());
        } catch (ai.djl.engine.EngineException e) {
            throw new EngineException(FRAMEWORK + ": forward pass failed in PyTorch: " + e.getMessage(), e);
        }
        return logits;
    }

    /**
     * Prefills the prompts, equal lengths together, then decodes all sequences together; hands every new token to
     * {@code listener} as soon as its argmax is on the Java side. Records the logits of cache row 0 into
     * {@code logitsOut} when it is given (for single-prompt requests).
     *
     * <p>Cache rows hold the sequences sorted by prompt length, so that each group of equal lengths occupies
     * consecutive rows and is prefilled as one {@code [rows, seq]} forward pass (split into passes of at most
     * {@link #PREFILL_TOKENS_PER_PASS} tokens); each sequence of a pass gets its first token when the pass ends.
     */
    private void decode(int[][] promptTokens, int newTokens, int longest, TokenListener listener, float[][] logitsOut,
                        int[] excluded) {
        int batch = promptTokens.length;
        int[] sequenceOfRow = rowsByPromptLength(promptTokens);
        long[] next = new long[batch];   // per cache row: the token it feeds into the next step
        int[] positions = new int[batch];  // per cache row: tokens already in its cache row
        KvCache cache = kvCacheFor(batch, longest + newTokens);
        try (NDManager requestManager = weightsManager.newSubManager()) {
            int firstRow = 0;
            while (firstRow < batch) {
                int seq = promptTokens[sequenceOfRow[firstRow]].length;
                int rowsPerPass = Math.max(1, PREFILL_TOKENS_PER_PASS / seq);
                int end = firstRow + 1;
                while (end < batch && end - firstRow < rowsPerPass && promptTokens[sequenceOfRow[end]].length == seq) {
                    end++;
                }
                int rows = end - firstRow;
                long[] ids = new long[rows * seq];
                for (int r = 0; r < rows; r++) {
                    int[] prompt = promptTokens[sequenceOfRow[firstRow + r]];
                    for (int i = 0; i < seq; i++) {
                        ids[r * seq + i] = prompt[i];
                    }
                }
                try (NDManager step = requestManager.newSubManager()) {
                    NDArray logits = model.forward(step, ids, seq, firstRow, new int[rows], cache);
                    System.arraycopy(logits.argMax(1).toLongArray(), 0, next, firstRow, rows);
                    if (logitsOut != null) {
                        logitsOut[0] = logits.get(0).toFloatArray();
                        if (excluded != null) {
                            next[firstRow] = argMax(logitsOut[0], excluded);
                        }
                    }
                }
                for (int row = firstRow; row < end; row++) {
                    listener.onToken(sequenceOfRow[row], (int) next[row], clock.nanoTime());
                    positions[row] = seq;
                }
                firstRow = end;
            }
            for (int t = 1; t < newTokens; t++) {
                try (NDManager step = requestManager.newSubManager()) {
                    NDArray logits = model.forward(step, next, 1, 0, positions, cache);
                    long[] chosen = logits.argMax(1).toLongArray();
                    if (logitsOut != null) {
                        logitsOut[t] = logits.get(0).toFloatArray();
                        if (excluded != null) {
                            chosen[0] = argMax(logitsOut[t], excluded);
                        }
                    }
                    for (int row = 0; row < batch; row++) {
                        listener.onToken(sequenceOfRow[row], (int) chosen[row], clock.nanoTime());
                    }
                    System.arraycopy(chosen, 0, next, 0, batch);
                }
                for (int row = 0; row < batch; row++) {
                    positions[row]++;
                }
            }
        }
    }

    /**
     * The KV cache for a request of {@code batch} rows and {@code capacity} positions: the previous request's when it
     * has exactly that shape, else a new one (the old one freed first). Reusing the memory across requests of one
     * workload keeps the native allocator from taking a fresh 200+ MB block per request (on base at batch 16 that
     * retention grew peak RSS from request to request). Only memory is reused, never state: each row is written from
     * position 0 before it is read, and reads never go past a row's own length (see {@link KvCache}).
     */
    private KvCache kvCacheFor(int batch, int capacity) {
        if (kvCache != null && kvCache.batch() == batch && kvCache.capacity() == capacity) {
            return kvCache;
        }
        if (kvCache != null) {
            kvCache.close();
            kvCache = null;
        }
        kvCache = KvCache.allocate(weightsManager, model.config(), batch, capacity);
        return kvCache;
    }

    /** The sequence each cache row holds: sequence indices ordered by prompt length (stable, so ties keep their order). */
    private static int[] rowsByPromptLength(int[][] promptTokens) {
        return IntStream.range(0, promptTokens.length).boxed()
                .sorted(Comparator.comparingInt(sequence -> promptTokens[sequence].length))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Index of the largest of {@code logits} whose index is not in {@code excluded} (the first, on ties). */
    public static int argMax(float[] logits, int[] excluded) {
        boolean[] skip = new boolean[logits.length];
        for (int id : excluded) {
            if (id >= 0 && id < skip.length) {
                skip[id] = true;
            }
        }
        int best = -1;
        for (int i = 0; i < logits.length; i++) {
            if (!skip[i] && (best < 0 || logits[i] > logits[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Bytes of weights one decode step reads: every layer's matrices and the output head (f32); the probe and roofline figures use it. */
    public long streamedWeightBytesPerToken() {
        return model.weights().streamedBytesPerToken();
    }

    /** Weights as {@link #streamedWeightBytesPerToken()} (F32, 4 bytes a parameter); the KV cache is F32 too. */
    @Override
    public Optional<StepCost> stepCost() {
        LlamaConfig config = model.config();
        long bytes = streamedWeightBytesPerToken();
        return Optional.of(StepCost.llama(config.numHiddenLayers(), (long) config.numAttentionHeads() * config.headDim(), config.kvDim(),
                bytes / Float.BYTES, (long) config.vocabSize() * config.hiddenSize(), bytes, Float.BYTES));
    }

    /**
     * Bytes of the native tensors the engine's managers hold right now: the weights between requests, plus the KV
     * cache and temporaries while a request runs (DJL has no CPU allocator statistics, so this is a sum over the
     * managed arrays).
     */
    @Override
    public synchronized OptionalLong tensorBytes() {
        if (closed || !(weightsManager instanceof BaseNDManager base)) {
            return OptionalLong.empty();
        }
        long bytes = 0;
        for (NDArray array : base.getManagedArrays()) {
            bytes += array.size() * array.getDataType().getNumOfBytes();
        }
        return OptionalLong.of(bytes);
    }

    /** Native arrays the engine's managers hold right now (weights, and anything a request failed to free). */
    int liveArrayCount() {
        return weightsManager instanceof BaseNDManager base ? base.getManagedArrays().size() : -1;
    }

    @Override
    public String decode(int[] tokenIds) {
        return tokenizer.decode(tokenIds);
    }

    @Override
    public String promptOfTokens(int promptTokens) {
        if (promptTokens < 1 || promptTokens > maxContext) {
            throw new IllegalArgumentException("promptTokens must be in [1, " + maxContext + "] (the context), was " + promptTokens);
        }
        return tokenizer.promptOfTokens(promptTokens);
    }

    /** Frees the weights, and the tokenizer if the engine was given ownership of it ({@link Builder#optOwnTokenizer}). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (kvCache != null) {
                kvCache.close();
                kvCache = null;
            }
            weightsManager.close();
            if (ownsTokenizer) {
                tokenizer.close();
            }
        }
    }

    private void ensureOpen() throws EngineException {
        if (closed) {
            throw new EngineException(FRAMEWORK + ": engine is closed; open a new one with DjlPytorchEngine.builder()");
        }
    }

    /**
     * Opens a {@link DjlPytorchEngine}. Required: {@link #setConfig}, {@link #setTensors}, {@link #setTokenizer}.
     * The engine copies the weights, except tensors the source hands out as read-only views of a mapped file, which
     * it reads in place (they stay valid after the source closes); the caller keeps ownership of the tensor source
     * (which may be closed once {@link #build()} returns) and of the tokenizer (which must stay open while the
     * engine is used).
     */
    public static final class Builder {
        private LlamaConfig config;
        private TensorSource tensors;
        private TextTokenizer tokenizer;
        private int threads = 1;
        private NanoClock clock = NanoClock.system();
        private int maxBatch = 1;
        private int maxContext;
        private boolean ownTokenizer;

        private Builder() {
        }

        /** Whether {@link DjlPytorchEngine#close()} also closes the tokenizer (default: no, it stays the caller's). */
        public Builder optOwnTokenizer(boolean ownTokenizer) {
            this.ownTokenizer = ownTokenizer;
            return this;
        }

        /** The model's shape. */
        public Builder setConfig(LlamaConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The model's weights, with Hugging Face tensor names. */
        public Builder setTensors(TensorSource tensors) {
            this.tensors = Objects.requireNonNull(tensors, "tensors");
            return this;
        }

        /** The tokenizer that turns prompts into token ids. */
        public Builder setTokenizer(TextTokenizer tokenizer) {
            this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
            return this;
        }

        /** PyTorch intra-op threads, process-wide (default 1). */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The clock token timestamps are read from (default {@link NanoClock#system()}). */
        public Builder optClock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The most prompts one request may hold (default 1); sizes nothing up front. */
        public Builder optMaxBatch(int maxBatch) {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
            }
            this.maxBatch = maxBatch;
            return this;
        }

        /**
         * The most positions (prompt plus new tokens) a sequence may use (default and upper bound: the config's
         * {@code maxPositionEmbeddings}).
         */
        public Builder optMaxContext(int maxContext) {
            if (maxContext < 1) {
                throw new IllegalArgumentException("maxContext must be >= 1, was " + maxContext);
            }
            this.maxContext = maxContext;
            return this;
        }

        /**
         * Loads the weights and opens the engine.
         *
         * @throws EngineException when PyTorch cannot be loaded or the weights do not match the config; the
         *                         message names the tensor and both shapes
         */
        public DjlPytorchEngine build() throws EngineException {
            Objects.requireNonNull(config, "setConfig(...) is required");
            Objects.requireNonNull(tensors, "setTensors(...) is required");
            Objects.requireNonNull(tokenizer, "setTokenizer(...) is required");
            int context = maxContext == 0 ? config.maxPositionEmbeddings() : maxContext;
            if (context > config.maxPositionEmbeddings()) {
                throw new IllegalArgumentException("maxContext " + context + " exceeds the model's max_position_embeddings "
                        + config.maxPositionEmbeddings());
            }
            checkShape(config);
            ai.djl.engine.Engine pytorch;
            try {
                pytorch = ai.djl.engine.Engine.getEngine("PyTorch");
                setThreads(threads);
            } catch (RuntimeException e) {
                throw new EngineException(FRAMEWORK + ": cannot load the PyTorch engine (" + e.getMessage()
                        + "); check that pytorch-engine, pytorch-jni and pytorch-native-cpu are on the class path", e);
            }
            Device device = pytorch.defaultDevice();
            NDManager weightsManager = NDManager.newBaseManager(device, "PyTorch");
            try {
                LlamaWeights weights = LlamaWeights.load(config, tensors, weightsManager);
                // The fused q|k|v and gate|up were built from views of the mapped checkpoint; their pages stay
                // resident (and count in RSS: about 240 MB for base) until those buffers are collected and unmapped.
                System.gc();
                RotaryEmbedding rope = RotaryEmbedding.create(config, context, weightsManager);
                LlamaModel model = new LlamaModel(config, weights, rope, weightsManager);
                String version = "DJL " + ai.djl.engine.Engine.getDjlVersion() + " / PyTorch " + pytorch.getVersion();
                String deviceName = device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
                EngineInfo info = new EngineInfo(FRAMEWORK, version, "f32", threads, deviceName, BatchHandling.STATIC_BATCH, false);
                return new DjlPytorchEngine(weightsManager, model, tokenizer, clock, maxBatch, context, info, ownTokenizer);
            } catch (IOException e) {
                weightsManager.close();
                throw new EngineException(FRAMEWORK + ": cannot load weights: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                weightsManager.close();
                throw new EngineException(FRAMEWORK + ": cannot load weights into PyTorch: " + e.getMessage(), e);
            }
        }

        private static void checkShape(LlamaConfig config) throws EngineException {
            if (config.numAttentionHeads() < 1 || config.hiddenSize() % config.numAttentionHeads() != 0
                    || config.headDim() % 2 != 0) {
                throw new EngineException(FRAMEWORK + ": hidden_size " + config.hiddenSize() + " must be an even multiple of "
                        + "num_attention_heads " + config.numAttentionHeads() + " (head width must be even for rotary embeddings)");
            }
            if (config.numKeyValueHeads() < 1 || config.numAttentionHeads() % config.numKeyValueHeads() != 0) {
                throw new EngineException(FRAMEWORK + ": num_attention_heads " + config.numAttentionHeads()
                        + " must be a multiple of num_key_value_heads " + config.numKeyValueHeads());
            }
        }

        /** Sets PyTorch's process-wide intra-op threads, and inter-op threads to 1 while PyTorch still allows it. */
        private static void setThreads(int threads) {
            JniUtils.setNumThreads(threads);
            if (JniUtils.getNumInteropThreads() != 1) {
                try {
                    JniUtils.setNumInteropThreads(1);
                } catch (RuntimeException e) {
                    // PyTorch accepts this only before its first parallel work; the engine then runs with its default.
                }
            }
        }
    }
}
