package dev.tokenbench.engine.llamacpp;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.tokenbench.engine.EngineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One llama.cpp model and one context on it, as {@code llama-batched-bench} sets them up: a KV cache of
 * {@code sequences x sequenceTokens} cells shared by up to {@code sequences} sequences, a logical batch as large as
 * the cache (so a whole request's prompts go into one {@code llama_decode}), {@code threads} threads for prompt
 * batches and generation alike, performance counters on. Owns both native objects and frees them in reverse order.
 */
final class LlamaCppContext implements AutoCloseable {

    /** Prompt and generation time by llama.cpp's own counters ({@code llama_perf_context}), in milliseconds. */
    record PerfMillis(double promptEvalMillis, double evalMillis) {
        /** Both counters together: llama.cpp files a {@code llama_decode} under one or the other by its token count. */
        double totalMillis() {
            return promptEvalMillis + evalMillis;
        }
    }

    private final Pointer model;
    private final Pointer context;
    private final Pointer vocab;
    private final int vocabSize;
    private final int contextTokens;
    private final int logicalBatch;
    private final float[] logits;
    private boolean closed;

    private LlamaCppContext(Pointer model, Pointer context, Pointer vocab) {
        this.model = model;
        this.context = context;
        this.vocab = vocab;
        this.vocabSize = LlamaCppLibrary.llama_vocab_n_tokens(vocab);
        this.contextTokens = LlamaCppLibrary.llama_n_ctx(context);
        this.logicalBatch = LlamaCppLibrary.llama_n_batch(context);
        this.logits = new float[vocabSize];
    }

    /**
     * Loads {@code gguf} and creates its context.
     *
     * @throws EngineException with llama.cpp's own reason (from its log) when either fails
     */
    static LlamaCppContext open(Path gguf, int threads, int sequences, int sequenceTokens, LlamaCppSettings settings)
            throws EngineException {
        LlamaLog log = NativeRuntime.load();
        long mark = log.errorMark();
        LlamaCppLibrary.ModelParams modelParams = LlamaCppLibrary.llama_model_default_params();
        modelParams.n_gpu_layers = 0;
        Pointer model = LlamaCppLibrary.llama_model_load_from_file(gguf.toString(), modelParams);
        if (model == null) {
            throw new EngineException(LlamaCppEngine.FRAMEWORK + ": cannot load " + gguf + ": " + reason(log, mark));
        }
        LlamaCppLibrary.ContextParams params = LlamaCppLibrary.llama_context_default_params();
        int cells = Math.multiplyExact(sequences, sequenceTokens);
        params.n_ctx = cells;
        params.n_batch = cells;
        params.n_ubatch = Math.min(settings.microBatch(), cells);
        params.n_seq_max = sequences;
        params.n_threads = threads;
        params.n_threads_batch = threads;
        params.flash_attn = (byte) (settings.flashAttention() ? 1 : 0);
        params.type_k = settings.kvCacheF32() ? LlamaCppLibrary.GGML_TYPE_F32 : LlamaCppLibrary.GGML_TYPE_F16;
        params.type_v = params.type_k;
        params.no_perf = 0;
        Pointer context = LlamaCppLibrary.llama_init_from_model(model, params);
        if (context == null) {
            LlamaCppLibrary.llama_model_free(model);
            throw new EngineException(LlamaCppEngine.FRAMEWORK + ": cannot create a context of " + cells + " cells for " + sequences
                    + " sequences on " + gguf + ": " + reason(log, mark));
        }
        return new LlamaCppContext(model, context, LlamaCppLibrary.llama_model_get_vocab(model));
    }

    private static String reason(LlamaLog log, long mark) {
        List<String> errors = log.errorsSince(mark);
        return errors.isEmpty() ? "llama.cpp logged no error (log: " + log.file() + ")" : String.join("; ", errors);
    }

    int vocabSize() {
        return vocabSize;
    }

    /** KV cells (llama.cpp may round the requested count up). */
    int contextTokens() {
        return contextTokens;
    }

    /** Most tokens one {@code llama_decode} takes. */
    int logicalBatch() {
        return logicalBatch;
    }

    /** Empties the KV cache: the next request starts from nothing. */
    void clearCache() {
        LlamaCppLibrary.llama_kv_self_clear(context);
    }

    void resetPerf() {
        LlamaCppLibrary.llama_perf_context_reset(context);
    }

    PerfMillis perf() {
        LlamaCppLibrary.PerfContextData data = LlamaCppLibrary.llama_perf_context(context);
        return new PerfMillis(data.t_p_eval_ms, data.t_eval_ms);
    }

    /**
     * Runs {@code batch} through the model.
     *
     * @throws EngineException when llama.cpp refuses it (no room in the KV cache, or an error)
     */
    void decode(TokenBatch batch) throws EngineException {
        int status = LlamaCppLibrary.llama_decode(context, batch.toNative());
        if (status != 0) {
            throw new EngineException(LlamaCppEngine.FRAMEWORK + ": llama_decode of " + batch.size() + " tokens returned " + status
                    + (status == 1 ? " (no room in the KV cache of " + contextTokens + " cells)" : " (see llama.cpp's log)"));
        }
    }

    /** The id with the largest logit at output {@code batchIndex} of the last batch (the lowest id on a tie). */
    int argMax(int batchIndex) {
        Pointer row = LlamaCppLibrary.llama_get_logits_ith(context, batchIndex);
        if (row == null) {
            throw new IllegalStateException("llama.cpp has no logits for batch index " + batchIndex);
        }
        row.read(0, logits, 0, vocabSize);
        int best = 0;
        float bestValue = logits[0];
        for (int i = 1; i < vocabSize; i++) {
            if (logits[i] > bestValue) {
                bestValue = logits[i];
                best = i;
            }
        }
        return best;
    }

    /** The logits at output {@code batchIndex} of the last batch, copied. */
    float[] logits(int batchIndex) {
        Pointer row = LlamaCppLibrary.llama_get_logits_ith(context, batchIndex);
        return row == null ? null : row.getFloatArray(0, vocabSize);
    }

    /** Token ids of {@code text} by llama.cpp's own tokenizer (the GGUF's vocabulary), without BOS. */
    int[] tokenize(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int capacity = bytes.length + 8;
        try (Memory ids = new Memory((long) capacity * Integer.BYTES)) {
            int count = LlamaCppLibrary.llama_tokenize(vocab, bytes, bytes.length, ids, capacity, (byte) 0, (byte) 0);
            if (count < 0) {
                throw new IllegalStateException("llama_tokenize needs " + -count + " ids, had room for " + capacity);
            }
            return ids.getIntArray(0, count);
        }
    }

    /** Frees the context, then the model. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LlamaCppLibrary.llama_free(context);
            LlamaCppLibrary.llama_model_free(model);
        }
    }
}
