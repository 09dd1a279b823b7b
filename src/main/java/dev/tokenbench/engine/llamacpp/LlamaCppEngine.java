package dev.tokenbench.engine.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import dev.tokenbench.engine.BatchHandling;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.TokenListener;
import dev.tokenbench.model.gguf.GgufFile;
import dev.tokenbench.model.tokenizer.TextTokenizer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The {@code llama.cpp} engine: greedy generation by llama.cpp (through java-llama.cpp, whose JNI layer runs
 * llama.cpp's server loop) on a GGUF converted from the same weights as the other engines.
 *
 * <p>Same input as the other engines: prompts are tokenized by the model's Hugging Face {@code tokenizer.json} and
 * llama.cpp is handed the token ids themselves (the server takes a prompt given as an array of ids), so its own
 * tokenizer never sees the text. Same settings: temperature 0 (greedy), exactly {@code newTokens} new tokens with
 * end-of-generation ignored, no prompt cache. A batch of B prompts is served as B parallel slots of one context
 * from B Java threads (B slots of at least {@code perSlot} positions; the context holds {@code perSlot x (B + 1)}
 * positions, the spare slot's worth keeping the shared KV cache from running out of room in one piece); llama.cpp
 * batches the slots' steps together.
 *
 * <p>Token ids: the library streams each new token's text only; {@link TokenPieces} tells the id from the text and
 * bans from sampling the few tokens whose text is ambiguous (control and byte tokens), as llama.cpp's own
 * {@code ignore_eos} bans end-of-generation tokens. Every token is handed to the listener with the clock read as
 * soon as the library returns it.
 *
 * <p>Timers: llama.cpp's own prompt-eval and eval times are read from its log file after each request and returned
 * as {@link GenerationOutcome#enginePrefillNanos()} and {@link GenerationOutcome#engineInterTokenNanos()} (means over
 * the slots). Native memory: java-llama.cpp does not free a model on {@link #close()}; open one model per JVM.
 */
public final class LlamaCppEngine implements Engine {

    /** The name this engine goes by in {@code @Param}s and results. */
    public static final String FRAMEWORK = "llama.cpp";
    /** The library and the llama.cpp build it bundles. */
    public static final String VERSION = "java-llama.cpp 4.2.0 (llama.cpp b4916)";

    /** How long to wait for a request's timings to reach the log file. */
    private static final long TIMINGS_WAIT_MILLIS = 200;

    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final TokenPieces pieces;
    private final NativeLog log;
    private final NanoClock clock;
    private final int maxBatch;
    private final int slotContext;
    private final EngineInfo info;
    private final ExecutorService slots;
    private boolean closed;

    private LlamaCppEngine(LlamaModel model, TextTokenizer tokenizer, TokenPieces pieces, NativeLog log, NanoClock clock,
                           int maxBatch, int slotContext, EngineInfo info) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.pieces = pieces;
        this.log = log;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.slotContext = slotContext;
        this.info = info;
        AtomicInteger count = new AtomicInteger();
        this.slots = Executors.newFixedThreadPool(maxBatch, task -> {
            Thread thread = new Thread(task, "llama.cpp-slot-" + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Loads {@code gguf} into llama.cpp.
     *
     * @param gguf        the converted model
     * @param precision   its precision label, for {@link #info()}
     * @param tokenizer   the Hugging Face tokenizer of the same model; the engine owns it and closes it
     * @param threads     compute threads (prompt and generation)
     * @param maxBatch    most prompts per request: the number of parallel slots
     * @param slotContext positions per slot (prompt plus new tokens)
     * @throws EngineException with llama.cpp's own reason (from its log) when the file does not load
     */
    static LlamaCppEngine open(Path gguf, String precision, TextTokenizer tokenizer, int threads, int maxBatch, int slotContext,
                               NanoClock clock) throws EngineException {
        TokenPieces pieces;
        try (GgufFile file = GgufFile.open(gguf)) {
            pieces = TokenPieces.of(file);
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        Path logs = NativeRuntime.prepare();
        // llama.cpp's log is one per process: a later load points it at its file again (and may truncate it).
        NativeLog log = new NativeLog(logs.resolve("llama.cpp.log"));
        ModelParameters parameters = new ModelParameters()
                .setModel(gguf.toString())
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setParallel(maxBatch)
                .setCtxSize(Math.multiplyExact(slotContext, maxBatch + 1))
                // Idle slots keep their last sequence, interleaved with the others', in the shared KV cache: one
                // slot's worth of spare cells (see setCtxSize) and defragmentation leave room for a new prompt in
                // one piece; with exactly perSlot x B cells a batch after a batch failed now and then.
                .setDefragThold(0.1f)
                .setLogFile(log.file().toString())
                .skipWarmup();
        LlamaModel model;
        try {
            model = new LlamaModel(parameters);
        } catch (RuntimeException e) { // java-llama.cpp's LlamaException is not public
            throw new EngineException(FRAMEWORK + ": cannot load " + gguf + ": " + log.failureReason(gguf, TIMINGS_WAIT_MILLIS), e);
        }
        EngineInfo info = new EngineInfo(FRAMEWORK, VERSION, precision, threads, "cpu", BatchHandling.PARALLEL_SLOTS, false);
        return new LlamaCppEngine(model, tokenizer, pieces, log, clock, maxBatch, slotContext, info);
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /** Ids llama.cpp is kept from sampling so that each streamed text names one token (see {@link TokenPieces}). */
    public List<Integer> bannedTokenIds() {
        return pieces.bannedIds();
    }

    @Override
    public synchronized GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
        ensureOpen();
        Objects.requireNonNull(listener, "listener");
        int batch = request.batchSize();
        int newTokens = request.newTokens();
        if (batch > maxBatch) {
            throw new InvalidRequestException(FRAMEWORK + ": request has " + batch + " prompts but the engine was opened with "
                    + maxBatch + " parallel slots; open it with a larger maxBatchSize or send fewer prompts");
        }
        int[][] promptIds = new int[batch][];
        int[] promptTokenCounts = new int[batch];
        for (int i = 0; i < batch; i++) {
            promptIds[i] = tokenizer.encode(request.prompts().get(i));
            promptTokenCounts[i] = promptIds[i].length;
            if (promptIds[i].length == 0) {
                throw new InvalidRequestException(FRAMEWORK + ": prompt " + i + " has 0 tokens; give it at least one token");
            }
            if ((long) promptIds[i].length + newTokens > slotContext) {
                throw new InvalidRequestException(FRAMEWORK + ": prompt " + i + " has " + promptIds[i].length + " tokens, plus "
                        + newTokens + " new tokens that is more than the " + slotContext + " positions of a slot; shorten the prompt,"
                        + " ask for fewer new tokens, or open the engine with a larger maxSequenceTokens");
            }
        }
        long logStart = log.size();
        List<Future<int[]>> running = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            int sequence = i;
            running.add(slots.submit(() -> generateOne(sequence, promptIds[sequence], newTokens, listener)));
        }
        for (Future<int[]> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(FRAMEWORK + ": interrupted while waiting for the slots", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof EngineException engineException) {
                    throw engineException;
                }
                throw new EngineException(FRAMEWORK + ": generation failed: " + cause, cause);
            }
        }
        List<NativeLog.SlotTimings> timings = log.timingsSince(logStart, batch, TIMINGS_WAIT_MILLIS);
        if (timings.size() != batch) {
            return GenerationOutcome.of(promptTokenCounts);
        }
        double prefillMillis = timings.stream().mapToDouble(NativeLog.SlotTimings::promptEvalMillis).average().orElse(Double.NaN);
        OptionalLong interToken = mean(timings.stream().map(NativeLog.SlotTimings::interTokenNanos).toList());
        return new GenerationOutcome(promptTokenCounts, OptionalLong.of(Math.round(prefillMillis * 1e6)), interToken);
    }

    private static OptionalLong mean(List<OptionalLong> values) {
        if (values.isEmpty() || values.stream().anyMatch(OptionalLong::isEmpty)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(values.stream().mapToLong(OptionalLong::getAsLong).average().orElseThrow()));
    }

    /**
     * Greedy ids of one sequence: {@code newTokens} new tokens after {@code promptIds} (special tokens included, as
     * given). For agreement checks; uses one slot.
     */
    public synchronized int[] greedyTokenIds(int[] promptIds, int newTokens) throws EngineException {
        ensureOpen();
        if (promptIds.length == 0 || (long) promptIds.length + newTokens > slotContext) {
            throw new IllegalArgumentException("need 1 to " + (slotContext - newTokens) + " prompt tokens, was " + promptIds.length);
        }
        return generateOne(0, promptIds, newTokens, (sequence, token, time) -> { });
    }

    /** Serves one sequence in one slot: streams its tokens to {@code listener} and returns their ids. */
    private int[] generateOne(int sequence, int[] promptIds, int newTokens, TokenListener listener) throws EngineException {
        InferenceParameters parameters = new InferenceParameters("")
                .setTemperature(0f)
                .setNPredict(newTokens)
                .setIgnoreEos(true)
                .setCachePrompt(false)
                .disableTokenIds(pieces.bannedIds());
        promptAsIds(parameters, promptIds);
        int[] ids = new int[newTokens];
        int count = 0;
        try {
            LlamaIterator outputs = model.generate(parameters).iterator();
            while (outputs.hasNext()) {
                LlamaOutput output = outputs.next();
                long now = clock.nanoTime();
                boolean stopMarker = !outputs.hasNext();
                if (stopMarker && output.text.isEmpty()) {
                    break;
                }
                OptionalInt id = pieces.id(output.text);
                if (id.isEmpty()) {
                    throw new EngineException(FRAMEWORK + ": sequence " + sequence + " streamed text \"" + output.text
                            + "\" that is no single token of the vocabulary; token ids cannot be told");
                }
                if (count == newTokens) {
                    throw new EngineException(FRAMEWORK + ": sequence " + sequence + " streamed more than the " + newTokens
                            + " new tokens asked for");
                }
                ids[count++] = id.getAsInt();
                listener.onToken(sequence, id.getAsInt(), now);
            }
        } catch (RuntimeException e) {
            throw new EngineException(FRAMEWORK + ": generation failed: " + e.getMessage(), e);
        }
        if (count != newTokens) {
            throw new EngineException(FRAMEWORK + ": sequence " + sequence + " streamed " + count + " new tokens, "
                    + newTokens + " were asked for");
        }
        return ids;
    }

    /**
     * Sets the request's prompt to the JSON array of {@code ids}. java-llama.cpp's parameters only take prompt text,
     * but are sent to llama.cpp's server code as JSON, whose {@code prompt} may be an array of token ids (then used
     * as given: no tokenization, no BOS added). The parameters are kept in a package-private map of JSON values.
     */
    static void promptAsIds(InferenceParameters parameters, int[] ids) throws EngineException {
        String json = Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        try {
            Field field = InferenceParameters.class.getSuperclass().getDeclaredField("parameters");
            field.setAccessible(true);
            Object map = field.get(parameters);
            if (!(map instanceof Map<?, ?>)) {
                throw new NoSuchFieldException("parameters is " + map);
            }
            @SuppressWarnings("unchecked")
            Map<String, String> values = (Map<String, String>) map;
            values.put("prompt", json);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new EngineException(FRAMEWORK + ": cannot hand token ids to " + VERSION + " (its parameters changed?): " + e, e);
        }
    }

    @Override
    public String promptOfTokens(int promptTokens) {
        if (promptTokens < 1 || promptTokens > slotContext) {
            throw new IllegalArgumentException("promptTokens must be in [1, " + slotContext + "] (a slot's context), was " + promptTokens);
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
        return model.encode(text);
    }

    /**
     * Stops the slot threads and closes the model. java-llama.cpp does not free the model's memory, and its server
     * thread stays alive until the JVM exits (see {@link NativeRuntime}).
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            slots.shutdownNow();
            model.close();
            tokenizer.close();
        }
    }

    private void ensureOpen() throws EngineException {
        if (closed) {
            throw new EngineException(FRAMEWORK + ": engine is closed; open a new one");
        }
    }
}
