package dev.tokenbench.engine.llamacpp;

import dev.tokenbench.engine.BatchHandling;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.StepCost;
import dev.tokenbench.measure.TokenListener;
import dev.tokenbench.model.ModelFormatException;
import dev.tokenbench.model.gguf.GgufFile;
import dev.tokenbench.model.gguf.GgufValue;
import dev.tokenbench.model.tokenizer.TextTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code llama.cpp} engine: greedy generation through llama.cpp's C API, driven as llama.cpp's own
 * {@code llama-batched-bench} drives it, on a GGUF converted from the same weights as the other engines.
 *
 * <p>A request of B prompts is one context's B sequences: the prompts go in together (one {@code llama_decode}
 * while they fit the logical batch, which is as large as the KV cache), then every step is one {@code llama_decode}
 * carrying the B sequences' last tokens. Each sequence's next token is the argmax of its logits, read straight
 * from llama.cpp: no sampler chain, nothing banned, exactly N tokens, end-of-generation ignored. Prompts are
 * tokenized by the model's Hugging Face {@code tokenizer.json}, as for the other engines, and llama.cpp gets the ids.
 * The KV cache is cleared before each request (nothing is reused).
 *
 * <p>Every token goes to the listener with one clock reading per step, taken right after the step's argmax for all
 * B sequences: the moment the caller could use the step's tokens. Engine timers come from llama.cpp's counters
 * ({@code llama_perf_context}, reset per request): {@link GenerationOutcome#enginePrefillNanos()} is the prompt
 * processing of the whole batch (every sequence waits for all of it before its first token), and
 * {@link GenerationOutcome#engineInterTokenNanos()} the generation time over its N - 1 steps.
 */
public final class LlamaCppEngine implements Engine {

    /** The name this engine goes by in {@code @Param}s and results. */
    public static final String FRAMEWORK = "llama.cpp";
    /** The llama.cpp build and where its natives come from. */
    public static final String VERSION = "llama.cpp b4916 (C API; natives of de.kherud:llama 4.2.0)";

    private final LlamaCppContext llama;
    private final TokenBatch batch;
    private final TextTokenizer tokenizer;
    private final NanoClock clock;
    private final int maxBatch;
    private final int sequenceTokens;
    private final EngineInfo info;
    private final Optional<StepCost> stepCost;
    private boolean closed;

    private LlamaCppEngine(LlamaCppContext llama, TextTokenizer tokenizer, NanoClock clock, int maxBatch, int sequenceTokens,
                           EngineInfo info, int batchTokens, Optional<StepCost> stepCost) {
        this.stepCost = stepCost;
        this.llama = llama;
        this.batch = new TokenBatch(Math.max(maxBatch, batchTokens));
        this.tokenizer = tokenizer;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.sequenceTokens = sequenceTokens;
        this.info = info;
    }

    /**
     * Loads {@code gguf} into llama.cpp with a context for {@code maxBatch} sequences of {@code sequenceTokens}.
     *
     * @param gguf           the converted model
     * @param precision      its precision label, for {@link #info()}
     * @param tokenizer      the Hugging Face tokenizer of the same model; the engine owns it and closes it
     * @param threads        compute threads (prompt batches and generation)
     * @param maxBatch       most prompts per request: the context's sequences
     * @param sequenceTokens most positions per sequence (prompt plus new tokens)
     * @param settings       llama.cpp's speed settings
     * @throws EngineException with llama.cpp's own reason (from its log) when the file does not load
     */
    static LlamaCppEngine open(Path gguf, String precision, TextTokenizer tokenizer, int threads, int maxBatch, int sequenceTokens,
                               LlamaCppSettings settings, NanoClock clock) throws EngineException {
        return open(gguf, precision, tokenizer, threads, maxBatch, sequenceTokens, settings, clock, Integer.MAX_VALUE);
    }

    /** {@link #open}, with at most {@code batchTokens} tokens per {@code llama_decode} (tests use fewer). */
    static LlamaCppEngine open(Path gguf, String precision, TextTokenizer tokenizer, int threads, int maxBatch, int sequenceTokens,
                               LlamaCppSettings settings, NanoClock clock, int batchTokens) throws EngineException {
        LlamaCppContext llama = LlamaCppContext.open(gguf, threads, maxBatch, sequenceTokens, settings);
        EngineInfo info = new EngineInfo(FRAMEWORK, VERSION, precision, threads, "cpu", BatchHandling.STATIC_BATCH, false,
                settings.describe() + " n_ctx=" + llama.contextTokens() + " n_batch=" + llama.logicalBatch());
        return new LlamaCppEngine(llama, tokenizer, clock, maxBatch, sequenceTokens, info,
                Math.min(batchTokens, Math.min(llama.logicalBatch(), llama.contextTokens())), stepCost(gguf, settings.kvCacheF32()));
    }

    /**
     * The step cost of the GGUF llama.cpp runs: the bytes of its weight matrices at the file's precision (every 2-D
     * tensor but the embedding table, whose rows are looked up, not streamed; the table itself when it is also the
     * head, i.e. there is no {@code output.weight}), and the KV cache at F16 (llama.cpp's default {@code type_kv})
     * or F32. Empty when the file cannot be read.
     */
    static Optional<StepCost> stepCost(Path gguf, boolean kvCacheF32) {
        try (GgufFile file = GgufFile.open(gguf)) {
            return Optional.of(stepCost(file, kvCacheF32));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static StepCost stepCost(GgufFile file, boolean kvCacheF32) throws IOException {
        boolean untiedHead = file.tensors().stream().anyMatch(t -> t.name().equals("output.weight"));
        long bytes = 0;
        long parameters = 0;
        long headParameters = file.tensor(untiedHead ? "output.weight" : "token_embd.weight").elementCount();
        for (GgufFile.Tensor tensor : file.tensors()) {
            boolean matrix = tensor.dims().length >= 2 && tensor.dims()[1] > 1;
            boolean embedding = tensor.name().equals("token_embd.weight");
            if (matrix && (!embedding || !untiedHead)) {
                bytes += tensor.byteCount();
                parameters += tensor.elementCount();
            }
        }
        int layers = (int) metadata(file, "llama.block_count");
        long dim = metadata(file, "llama.embedding_length");
        long heads = metadata(file, "llama.attention.head_count");
        long kvHeads = file.value("llama.attention.head_count_kv").map(GgufValue::asLong).orElse(heads);
        long kvWidth = dim / heads * kvHeads;
        return StepCost.llama(layers, dim, kvWidth, parameters, headParameters, bytes, kvCacheF32 ? Float.BYTES : 2);
    }

    private static long metadata(GgufFile file, String key) throws IOException {
        return file.value(key).map(GgufValue::asLong).orElseThrow(() -> new ModelFormatException(file.file() + ": no " + key));
    }

    @Override
    public Optional<StepCost> stepCost() {
        return stepCost;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public synchronized GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
        ensureOpen();
        Objects.requireNonNull(listener, "listener");
        int sequences = request.batchSize();
        if (sequences > maxBatch) {
            throw new InvalidRequestException(FRAMEWORK + ": request has " + sequences + " prompts but the engine was opened for "
                    + maxBatch + " sequences; open it with a larger maxBatchSize or send fewer prompts");
        }
        int[][] promptIds = new int[sequences][];
        for (int s = 0; s < sequences; s++) {
            promptIds[s] = tokenizer.encode(request.prompts().get(s));
        }
        return served(promptIds, request.newTokens(), listener);
    }

    /**
     * Serves token ids as given (no tokenizer, no BOS added). Ids outside the GGUF's vocabulary are refused here:
     * llama.cpp would abort the process on them.
     */
    @Override
    public synchronized GenerationOutcome generate(TokenIdRequest request, TokenListener listener) throws EngineException {
        ensureOpen();
        Objects.requireNonNull(listener, "listener");
        if (request.batchSize() > maxBatch) {
            throw new InvalidRequestException(FRAMEWORK + ": request has " + request.batchSize() + " prompts but the engine was opened for "
                    + maxBatch + " sequences; open it with a larger maxBatchSize or send fewer prompts");
        }
        request.checkIds(FRAMEWORK, llama.vocabSize());
        return served(request.promptTokenIds().toArray(new int[0][]), request.newTokens(), listener);
    }

    private GenerationOutcome served(int[][] promptIds, int newTokens, TokenListener listener) throws EngineException {
        int[] promptTokenCounts = new int[promptIds.length];
        for (int s = 0; s < promptIds.length; s++) {
            promptTokenCounts[s] = promptIds[s].length;
        }
        checkLengths(promptIds, newTokens);
        LlamaCppContext.PerfMillis[] perf = new LlamaCppContext.PerfMillis[2];
        run(promptIds, newTokens, listener, perf);
        long prefillNanos = Math.round(perf[0].totalMillis() * 1e6);
        OptionalLong interToken = newTokens > 1
                ? OptionalLong.of(Math.round((perf[1].totalMillis() - perf[0].totalMillis()) * 1e6 / (newTokens - 1)))
                : OptionalLong.empty();
        return new GenerationOutcome(promptTokenCounts, OptionalLong.of(prefillNanos), interToken);
    }

    /**
     * Greedy ids of one sequence: {@code newTokens} new tokens after {@code promptIds} (special tokens included, as
     * given). For agreement checks.
     */
    public synchronized int[] greedyTokenIds(int[] promptIds, int newTokens) throws EngineException {
        ensureOpen();
        checkLengths(new int[][] {promptIds}, newTokens);
        return run(new int[][] {promptIds}, newTokens, (sequence, token, time) -> { }, new LlamaCppContext.PerfMillis[2])[0];
    }

    private void checkLengths(int[][] promptIds, int newTokens) throws InvalidRequestException {
        for (int s = 0; s < promptIds.length; s++) {
            if (promptIds[s].length == 0) {
                throw new InvalidRequestException(FRAMEWORK + ": prompt " + s + " has 0 tokens; give it at least one token");
            }
            if ((long) promptIds[s].length + newTokens > sequenceTokens) {
                throw new InvalidRequestException(FRAMEWORK + ": prompt " + s + " has " + promptIds[s].length + " tokens, plus "
                        + newTokens + " new tokens that is more than the " + sequenceTokens + " positions of a sequence; shorten the"
                        + " prompt, ask for fewer new tokens, or open the engine with a larger maxSequenceTokens");
            }
        }
    }

    /**
     * Prefills every prompt, then decodes {@code newTokens - 1} steps of all sequences together, handing each step's
     * tokens to {@code listener}. Leaves llama.cpp's counters after the prefill in {@code perf[0]} and at the end in
     * {@code perf[1]}; returns the new ids per sequence.
     */
    private int[][] run(int[][] promptIds, int newTokens, TokenListener listener, LlamaCppContext.PerfMillis[] perf)
            throws EngineException {
        int sequences = promptIds.length;
        int[][] ids = new int[sequences][newTokens];
        llama.clearCache();
        llama.resetPerf();
        // Prefill: the prompts one after another in as few llama_decode calls as the logical batch allows; a
        // sequence's first token is known (and handed over) once the call holding its last prompt token is done.
        int[] lastIndex = new int[sequences];
        int pendingFrom = 0;
        batch.clear();
        for (int s = 0; s < sequences; s++) {
            for (int p = 0; p < promptIds[s].length; p++) {
                if (batch.isFull()) {
                    prefillPart(pendingFrom, s, lastIndex, ids, listener);
                    pendingFrom = s;
                }
                lastIndex[s] = batch.add(promptIds[s][p], p, s, p == promptIds[s].length - 1);
            }
        }
        prefillPart(pendingFrom, sequences, lastIndex, ids, listener);
        perf[0] = llama.perf();
        // Decode: one llama_decode per step with every sequence's last token; their outputs are batch indices 0..B-1.
        for (int step = 1; step < newTokens; step++) {
            batch.clear();
            for (int s = 0; s < sequences; s++) {
                batch.add(ids[s][step - 1], promptIds[s].length + step - 1, s, true);
            }
            llama.decode(batch);
            for (int s = 0; s < sequences; s++) {
                ids[s][step] = llama.argMax(s);
            }
            long now = clock.nanoTime();
            for (int s = 0; s < sequences; s++) {
                listener.onToken(s, ids[s][step], now);
            }
        }
        perf[1] = llama.perf();
        return ids;
    }

    /**
     * Decodes the prompt tokens in the batch and hands over the first token of each sequence in {@code [from, to)}
     * whose last prompt token the batch holds (the sequence {@code to}, if any, continues in the next call).
     */
    private void prefillPart(int from, int to, int[] lastIndex, int[][] ids, TokenListener listener) throws EngineException {
        llama.decode(batch);
        for (int s = from; s < to; s++) {
            ids[s][0] = llama.argMax(lastIndex[s]);
        }
        batch.clear();
        if (to > from) {
            long now = clock.nanoTime();
            for (int s = from; s < to; s++) {
                listener.onToken(s, ids[s][0], now);
            }
        }
    }

    /** The model's Hugging Face tokenizer's ids of {@code text}, as {@code generate} feeds them (BOS included). */
    @Override
    public Optional<int[]> tokenize(String text) {
        return Optional.of(tokenizer.encode(text));
    }

    @Override
    public String promptOfTokens(int promptTokens) {
        if (promptTokens < 1 || promptTokens > sequenceTokens) {
            throw new IllegalArgumentException("promptTokens must be in [1, " + sequenceTokens + "] (a sequence's positions), was "
                    + promptTokens);
        }
        return tokenizer.promptOfTokens(promptTokens);
    }

    @Override
    public String decode(int[] tokenIds) {
        return tokenizer.decode(tokenIds);
    }

    /** Token ids of {@code text} by llama.cpp's own tokenizer (GGUF vocabulary), without BOS; for checks. */
    public synchronized int[] llamaCppEncode(String text) throws EngineException {
        ensureOpen();
        return llama.tokenize(text);
    }

    /** Frees llama.cpp's context, then its model, then the tokenizer. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            batch.close();
            llama.close();
            tokenizer.close();
        }
    }

    private void ensureOpen() throws EngineException {
        if (closed) {
            throw new EngineException(FRAMEWORK + ": engine is closed; open a new one");
        }
    }
}
