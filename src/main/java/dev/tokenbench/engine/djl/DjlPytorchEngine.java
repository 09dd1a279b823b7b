package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDManager;
import dev.tokenbench.engine.BatchHandling;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.StepCost;
import dev.tokenbench.measure.TokenListener;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.TensorSource;
import dev.tokenbench.model.tokenizer.TextTokenizer;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code djl-pytorch} engine: greedy generation with our LLaMA decoder run by PyTorch in f32 through DJL, as a
 * TorchScript module ({@link TorchScriptLlama}: one native call per forward pass; {@link LlamaModel} is the same pass
 * op by op over DJL NDArrays).
 *
 * <p>A request is checked and encoded ({@link EncodedRequest}), then served as a static batch ({@link StaticBatch}):
 * equal-length prompts prefilled together, then all sequences decoded together, each to exactly {@code newTokens}
 * new tokens. The KV cache's memory is kept for the next request of the same shape ({@link ReusedKvCache}), never its
 * contents. Agreement checks take their own path ({@link #greedyLogits}, {@link GreedyLogitsProbe}).
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
 * <p>Threads: opening an engine sets PyTorch's process-wide intra-op thread count ({@link PyTorchRuntime}). Not safe
 * for concurrent requests: {@link #generate} serves one request at a time.
 */
public final class DjlPytorchEngine implements Engine {

    /** The name this engine goes by in {@code @Param}s and results. */
    public static final String FRAMEWORK = "djl-pytorch";

    private final NDManager weightsManager;
    private final LlamaConfig config;
    private final long streamedWeightBytes;
    private final LlamaModel model;  // null unless the builder kept the reference pass
    private final TorchScriptLlama scripted;
    private final TextTokenizer tokenizer;
    private final int maxBatch;
    private final int maxContext;
    private final EngineInfo info;
    private final boolean ownsTokenizer;
    private final ReusedKvCache kvCache;
    private final StaticBatch staticBatch;
    private final GreedyLogitsProbe probe;
    private boolean closed;

    private DjlPytorchEngine(NDManager weightsManager, LlamaConfig config, long streamedWeightBytes, LlamaModel model,
                             TorchScriptLlama scripted, TextTokenizer tokenizer, NanoClock clock, int maxBatch, int maxContext,
                             EngineInfo info, boolean ownsTokenizer) {
        this.weightsManager = weightsManager;
        this.config = config;
        this.streamedWeightBytes = streamedWeightBytes;
        this.model = model;
        this.scripted = scripted;
        this.tokenizer = tokenizer;
        this.maxBatch = maxBatch;
        this.maxContext = maxContext;
        this.info = info;
        this.ownsTokenizer = ownsTokenizer;
        this.kvCache = new ReusedKvCache(weightsManager, config);
        this.staticBatch = new StaticBatch(scripted, kvCache, weightsManager, clock);
        this.probe = new GreedyLogitsProbe(scripted, kvCache, weightsManager);
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
        return run(EncodedRequest.of(request, tokenizer, maxBatch, maxContext), listener);
    }

    /** Serves token ids as given (no tokenizer, no BOS added); ids outside the vocabulary are refused. */
    @Override
    public synchronized GenerationOutcome generate(TokenIdRequest request, TokenListener listener) throws EngineException {
        ensureOpen();
        Objects.requireNonNull(listener, "listener");
        return run(EncodedRequest.ofTokenIds(request, config.vocabSize(), maxBatch, maxContext), listener);
    }

    private GenerationOutcome run(EncodedRequest encoded, TokenListener listener) throws EngineException {
        try {
            staticBatch.run(encoded, listener);
        } catch (ai.djl.engine.EngineException e) {
            throw new EngineException(FRAMEWORK + ": generation failed in PyTorch: " + e.getMessage(), e);
        }
        return GenerationOutcome.of(encoded.promptTokenCounts());
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
        try {
            return probe.logits(promptTokenIds, steps, excludedTokenIds.clone());
        } catch (ai.djl.engine.EngineException e) {
            throw new EngineException(FRAMEWORK + ": forward pass failed in PyTorch: " + e.getMessage(), e);
        }
    }

    /** Index of the largest of {@code logits} whose index is not in {@code excluded} (the first, on ties). */
    public static int argMax(float[] logits, int[] excluded) {
        return GreedyLogitsProbe.argMax(logits, excluded);
    }

    /** Bytes of weights one decode step reads: every layer's matrices and the output head (f32); the probe and roofline figures use it. */
    public long streamedWeightBytesPerToken() {
        return streamedWeightBytes;
    }

    /** Weights as {@link #streamedWeightBytesPerToken()} (F32, 4 bytes a parameter); the KV cache is F32 too. */
    @Override
    public Optional<StepCost> stepCost() {
        long bytes = streamedWeightBytesPerToken();
        return Optional.of(StepCost.llama(config.numHiddenLayers(), (long) config.numAttentionHeads() * config.headDim(), config.kvDim(),
                bytes / Float.BYTES, (long) config.vocabSize() * config.hiddenSize(), bytes, Float.BYTES));
    }

    /**
     * Bytes of the native tensors the engine holds right now ({@link NativeTensors}): the weights and the kept KV
     * cache between requests, plus temporaries while a request runs.
     */
    @Override
    public synchronized OptionalLong tensorBytes() {
        return closed ? OptionalLong.empty() : NativeTensors.bytes(weightsManager);
    }

    /**
     * The op-by-op forward pass and its weights, for tests and the step probe in the benchmarks' source root (same
     * package).
     *
     * @throws IllegalStateException unless the engine was built with {@link Builder#optKeepReferencePass}
     */
    LlamaModel model() {
        if (model == null) {
            throw new IllegalStateException(FRAMEWORK + ": the op-by-op reference pass was not kept; build the engine with "
                    + "optKeepReferencePass(true)");
        }
        return model;
    }

    /** The forward pass requests run: the TorchScript module. */
    TorchScriptLlama scripted() {
        return scripted;
    }

    /** Native arrays the engine's managers hold right now (weights, the kept KV cache, and anything a request failed to free). */
    int liveArrayCount() {
        return NativeTensors.arrayCount(weightsManager);
    }

    @Override
    public String decode(int[] tokenIds) {
        return tokenizer.decode(tokenIds);
    }

    /** The model's Hugging Face tokenizer's ids of {@code text}, as {@code generate} feeds them (BOS included). */
    @Override
    public Optional<int[]> tokenize(String text) {
        return Optional.of(tokenizer.encode(text));
    }

    @Override
    public String promptOfTokens(int promptTokens) {
        if (promptTokens < 1 || promptTokens > maxContext) {
            throw new IllegalArgumentException("promptTokens must be in [1, " + maxContext + "] (the context), was " + promptTokens);
        }
        return tokenizer.promptOfTokens(promptTokens);
    }

    /** Frees the KV cache and the weights, and the tokenizer if the engine was given ownership of it ({@link Builder#optOwnTokenizer}). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            kvCache.close();
            scripted.close();
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
        private boolean keepReferencePass;

        private Builder() {
        }

        /**
         * Whether the engine keeps the op-by-op forward pass ({@link LlamaModel}) and its dense projection weights
         * beside the packed ones the TorchScript module multiplies by (default: no; tests and the step probe compare
         * the two passes). Keeping it doubles the projections' memory.
         */
        Builder optKeepReferencePass(boolean keepReferencePass) {
            this.keepReferencePass = keepReferencePass;
            return this;
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
            PyTorchRuntime pytorch = PyTorchRuntime.start(threads);
            NDManager weightsManager = NDManager.newBaseManager(pytorch.device(), "PyTorch");
            try {
                LlamaWeights weights = LlamaWeights.load(config, tensors, weightsManager);
                // The fused q|k|v and gate|up were built from views of the mapped checkpoint; their pages stay
                // resident (and count in RSS) until those buffers are collected and unmapped.
                System.gc();
                RotaryEmbedding rope = RotaryEmbedding.create(config, context, weightsManager);
                LlamaModel model = new LlamaModel(config, weights, rope, weightsManager);
                TorchScriptLlama scripted;
                try {
                    scripted = TorchScriptLlama.compile(model, weightsManager);
                } catch (IllegalStateException e) {
                    weightsManager.close();
                    throw new EngineException(FRAMEWORK + ": " + e.getMessage(), e);
                }
                long streamedBytes = weights.streamedBytesPerToken();
                if (!keepReferencePass) {
                    // the module multiplies by its packed copies: free the dense projections, and let the buffers of
                    // those that were views of the mapped checkpoint be collected and unmapped
                    weights.closeProjections();
                    model = null;
                    weights = null;
                    System.gc();
                }
                EngineInfo info = new EngineInfo(FRAMEWORK, pytorch.version(), "f32", threads, pytorch.deviceName(),
                        BatchHandling.STATIC_BATCH, false);
                return new DjlPytorchEngine(weightsManager, config, streamedBytes, model, scripted, tokenizer, clock, maxBatch, context,
                        info, ownTokenizer);
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
    }
}
