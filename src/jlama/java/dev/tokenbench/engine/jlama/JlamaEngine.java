package dev.tokenbench.engine.jlama;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import com.github.tjake.jlama.tensor.operations.TensorOperationsProvider;
import com.github.tjake.jlama.util.PhysicalCoreExecutor;
import dev.tokenbench.engine.BatchHandling;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.StepCost;
import dev.tokenbench.measure.TokenListener;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code jlama} engine: greedy generation with Jlama 0.8.4 (pure Java on the Vector API) on the model's Hugging Face
 * folder, the same one djl-pytorch reads.
 *
 * <p>Jlama's own {@code generate} takes a prompt string, tokenizes it itself and stops at end-of-generation, so the
 * engine drives Jlama's forward pass as {@code generate} does, but with the model's {@code tokenizer.json} ids (the
 * same ids as every other engine) and for exactly N tokens: the prompt in one {@code batchForward} (Jlama cuts it into
 * passes of at most 256 tokens), then one {@code forward} per new token, each next token the argmax of the logits
 * ({@code sample} at temperature 0, which takes the first largest logit over the whole vocabulary).
 *
 * <p>Jlama has no decode over several sequences at once (its batched forward takes several tokens of one sequence),
 * so the prompts of a request run one after another ({@link BatchHandling#SEQUENTIAL}), each in a fresh KV cache:
 * sequence s gets its first token after sequences 0..s-1 are complete. Each token goes to the listener right after
 * its argmax. Compute threads are Jlama's one process-wide pool ({@code PhysicalCoreExecutor}), fixed at the first
 * engine's thread count for the life of the JVM; each sequence runs on a worker of that pool, so exactly
 * {@code threads} threads compute and the requesting thread waits (see {@link #onComputePool}).
 *
 * <p>The layers' weights are loaded at the {@link JlamaPrecision} asked for (Jlama quantizes at load); activations, the
 * KV cache, the embedding table and the head stay F32. Jlama's pure-Java kernels (Vector API) are used on purpose: its
 * optional native library is not a dependency, so the engine sets Jlama's own switch to skip looking for it.
 */
public final class JlamaEngine implements Engine {

    /** Jlama's version, as its jar names it. */
    public static final String VERSION = "jlama-core 0.8.4";
    /** Jlama's switch that skips its native kernels and takes the pure-Java (Vector API) ones. */
    static final String FORCE_PANAMA = "jlama.force_panama_tensor_operations";

    private final AbstractModel model;
    private final HfTokenizer tokenizer;
    private final LlamaConfig config;
    private final JlamaPrecision precision;
    private final NanoClock clock;
    private final int maxBatch;
    private final int sequenceTokens;
    private final EngineInfo info;
    private final KvBufferCache kvCaches;
    private boolean closed;

    private JlamaEngine(AbstractModel model, HfTokenizer tokenizer, LlamaConfig config, JlamaPrecision precision, NanoClock clock, int maxBatch,
                        int sequenceTokens, EngineInfo info) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.config = config;
        this.precision = precision;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.sequenceTokens = sequenceTokens;
        this.info = info;
        this.kvCaches = new KvBufferCache(model);
    }

    /**
     * Loads the model of {@code options} (a preset, generated on first use, or a Hugging Face folder) into Jlama.
     * Called by {@link JlamaProvider} by name.
     *
     * @throws EngineException naming the model and what is wrong, when it cannot be loaded
     */
    public static JlamaEngine open(EngineOptions options) throws EngineException {
        JlamaPrecision precision = JlamaPrecision.of(options.precision());
        if (System.getProperty(FORCE_PANAMA) == null) {
            // Jlama otherwise first tries its optional native library (jlama-native, not a dependency of tokenbench)
            // and warns once per JVM that it is missing; tokenbench runs Jlama's pure-Java kernels on purpose.
            System.setProperty(FORCE_PANAMA, "true");
        }
        Path folder;
        LlamaConfig config;
        try {
            folder = ModelCache.defaultCache().resolve(options.model());
            config = LlamaConfig.read(folder.resolve("config.json"));
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        if (config.ropeScaling().isPresent()) {
            throw new EngineException(folder.resolve("config.json") + ": rope_scaling of type llama3 is set, and Jlama 0.8.4 applies only"
                    + " linear rope scaling, so it would compute another model; use a checkpoint without rope_scaling");
        }
        if (!Files.isRegularFile(folder.resolve("model.safetensors")) && !Files.isRegularFile(folder.resolve("model.safetensors.index.json"))) {
            throw new EngineException(folder + ": no model.safetensors (or model.safetensors.index.json); jlama reads safetensors folders");
        }
        setThreads(options.threads());
        HfTokenizer tokenizer;
        try {
            tokenizer = HfTokenizer.open(folder.resolve("tokenizer.json"));
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        AbstractModel model;
        try {
            model = ModelSupport.loadModel(folder.toFile(), null, DType.F32, DType.F32, Optional.of(DType.valueOf(precision.jlamaType())), Optional.empty());
        } catch (RuntimeException e) {
            tokenizer.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EngineException("jlama: cannot load " + folder + ": " + cause, e);
        }
        int sequenceTokens = Math.min(options.maxSequenceTokens(), config.maxPositionEmbeddings());
        EngineInfo info = new EngineInfo(JlamaProvider.FRAMEWORK, VERSION + " on Java " + Runtime.version(), precision.label(), options.threads(),
                "cpu", BatchHandling.SEQUENTIAL, false, "working_dtype=" + model.getWorkingDType() + " kernels="
                        + TensorOperationsProvider.get().name().replace(' ', '-') + " vector_bits="
                        + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
        return new JlamaEngine(model, tokenizer, config, precision, options.clock(), options.maxBatchSize(), sequenceTokens, info);
    }

    /** Fixes Jlama's process-wide compute pool at {@code threads}, or checks that it already has that many. */
    private static synchronized void setThreads(int threads) throws EngineException {
        try {
            PhysicalCoreExecutor.overrideThreadCount(threads);
        } catch (IllegalStateException e) {
            int running = PhysicalCoreExecutor.instance.get().getCoreCount();
            if (running != threads) {
                throw new EngineException("jlama: its compute pool already runs " + running + " threads in this JVM and cannot change;"
                        + " open every jlama engine of a JVM with the same threads, or use a new JVM (JMH forks do)");
            }
        }
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /**
     * Every layer's q, k, v, o, gate, up and down matrices at the precision's bytes per parameter, and the head (the
     * embedding table when tied), which Jlama keeps in F32 at every precision; an F32 KV cache.
     */
    @Override
    public Optional<StepCost> stepCost() {
        long dim = config.hiddenSize();
        long layerParameters = (dim * dim * 2 + 2L * config.kvDim() * dim + 3L * config.intermediateSize() * dim) * config.numHiddenLayers();
        long head = (long) config.vocabSize() * dim;
        return Optional.of(StepCost.llama(config.numHiddenLayers(), (long) config.numAttentionHeads() * config.headDim(), config.kvDim(),
                layerParameters + head, head, precision.layerWeightBytes(layerParameters) + head * Float.BYTES, Float.BYTES));
    }

    @Override
    public synchronized GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
        ensureOpen();
        Objects.requireNonNull(listener, "listener");
        int sequences = request.batchSize();
        if (sequences > maxBatch) {
            throw new InvalidRequestException(JlamaProvider.FRAMEWORK + ": request has " + sequences + " prompts but the engine was opened for "
                    + maxBatch + " sequences; open it with a larger maxBatchSize or send fewer prompts");
        }
        int[][] promptIds = new int[sequences][];
        for (int s = 0; s < sequences; s++) {
            promptIds[s] = tokenizer.encode(request.prompts().get(s));
        }
        return served(promptIds, request.newTokens(), listener);
    }

    /** Serves token ids as given (no tokenizer, no BOS added); ids outside the vocabulary are refused. */
    @Override
    public synchronized GenerationOutcome generate(TokenIdRequest request, TokenListener listener) throws EngineException {
        ensureOpen();
        Objects.requireNonNull(listener, "listener");
        if (request.batchSize() > maxBatch) {
            throw new InvalidRequestException(JlamaProvider.FRAMEWORK + ": request has " + request.batchSize()
                    + " prompts but the engine was opened for " + maxBatch + " sequences; open it with a larger maxBatchSize or send fewer prompts");
        }
        request.checkIds(JlamaProvider.FRAMEWORK, config.vocabSize());
        return served(request.promptTokenIds().toArray(new int[0][]), request.newTokens(), listener);
    }

    private GenerationOutcome served(int[][] promptIds, int newTokens, TokenListener listener) throws EngineException {
        int[] counts = new int[promptIds.length];
        for (int s = 0; s < promptIds.length; s++) {
            counts[s] = promptIds[s].length;
            checkLength(s, promptIds[s], newTokens);
        }
        for (int s = 0; s < promptIds.length; s++) {
            run(s, promptIds[s], newTokens, listener);
        }
        return GenerationOutcome.of(counts);
    }

    /** Greedy ids of one sequence: {@code newTokens} new tokens after {@code promptIds} (as given). For agreement checks. */
    public synchronized int[] greedyTokenIds(int[] promptIds, int newTokens) throws EngineException {
        ensureOpen();
        checkLength(0, promptIds, newTokens);
        return run(0, promptIds, newTokens, (sequence, token, time) -> { });
    }

    private void checkLength(int sequence, int[] promptIds, int newTokens) throws InvalidRequestException {
        if (promptIds.length == 0) {
            throw new InvalidRequestException(JlamaProvider.FRAMEWORK + ": prompt " + sequence + " has 0 tokens; give it at least one token");
        }
        if ((long) promptIds.length + newTokens > sequenceTokens) {
            throw new InvalidRequestException(JlamaProvider.FRAMEWORK + ": prompt " + sequence + " has " + promptIds.length + " tokens, plus "
                    + newTokens + " new tokens that is more than the " + sequenceTokens + " positions of a sequence; shorten the prompt,"
                    + " ask for fewer new tokens, or open the engine with a larger maxSequenceTokens");
        }
    }

    /**
     * One sequence, run on a worker of Jlama's compute pool so that every parallel loop of the forward pass stays on
     * that pool's {@code threads} workers (see {@link #onComputePool}).
     */
    private int[] run(int sequence, int[] promptIds, int newTokens, TokenListener listener) {
        return onComputePool(() -> runOnPool(sequence, promptIds, newTokens, listener));
    }

    /**
     * Runs {@code work} on a worker of Jlama's process-wide {@code ForkJoinPool} and waits for it.
     *
     * <p>Jlama's parallel loops ({@code VectorMath.pfor}, {@code pchunk}: about 8 per layer and token) submit a
     * parallel stream to that pool and join it, and some ({@code MLPBlock}'s activation) run a parallel stream where
     * they are called. Called from a thread outside the pool, every loop is a hand-off (the caller submits and sleeps,
     * a worker wakes, computes and wakes the caller), and a loop the caller takes back from the queue before a worker
     * does runs on the caller with its parts forked into the JVM's common pool, whose workers then compute too. Started
     * on a worker of the pool, every loop forks into that pool and is joined by its workers: exactly {@code threads}
     * threads compute, with no hand-off per loop.
     */
    private static <T> T onComputePool(java.util.function.Supplier<T> work) {
        return PhysicalCoreExecutor.instance.get().submit(work);
    }

    /** One sequence in a fresh KV cache: the prompt in one batched forward pass, then one forward pass per new token. */
    private int[] runOnPool(int sequence, int[] promptIds, int newTokens, TokenListener listener) {
        int[] ids = new int[newTokens];
        try (KvBufferCache.KvBuffer kv = kvCaches.getEphemeralKvBuffer();
             AbstractTensor logits = model.makeDenseTensor(config.vocabSize())) {
            AbstractTensor hidden = model.batchForward(promptIds, 0, kv);
            try {
                ids[0] = model.sample(hidden.slice(hidden.shape().first() - 1), 0f, 0f, logits);
            } finally {
                hidden.close();
            }
            listener.onToken(sequence, ids[0], clock.nanoTime());
            for (int step = 1; step < newTokens; step++) {
                try (AbstractTensor output = model.forward(ids[step - 1], promptIds.length + step - 1, kv, Optional.empty())) {
                    ids[step] = model.sample(output, 0f, 0f, logits);
                }
                listener.onToken(sequence, ids[step], clock.nanoTime());
            }
        }
        return ids;
    }

    /** The model's Hugging Face tokenizer's ids of {@code text}, as {@code generate} feeds them (BOS included). */
    @Override
    public Optional<int[]> tokenize(String text) {
        return Optional.of(tokenizer.encode(text));
    }

    @Override
    public String promptOfTokens(int promptTokens) {
        if (promptTokens < 1 || promptTokens > sequenceTokens) {
            throw new IllegalArgumentException("promptTokens must be in [1, " + sequenceTokens + "] (a sequence's positions), was " + promptTokens);
        }
        return tokenizer.promptOfTokens(promptTokens);
    }

    @Override
    public String decode(int[] tokenIds) {
        return tokenizer.decode(tokenIds);
    }

    /** Releases Jlama's caches and the tokenizer; the weights are memory-mapped and go with the model. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            kvCaches.close();
            model.close();
            tokenizer.close();
        }
    }

    private void ensureOpen() throws EngineException {
        if (closed) {
            throw new EngineException(JlamaProvider.FRAMEWORK + ": engine is closed; open a new one");
        }
    }
}
