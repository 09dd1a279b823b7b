package dev.tokenbench.engine.llamacpp;

import dev.tokenbench.engine.EngineException;
import dev.tokenbench.model.gguf.GgufConverter;
import dev.tokenbench.model.gguf.GgufPrecision;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import dev.tokenbench.model.ModelCache;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * llama.cpp measured without engine or harness: the calls the engine makes, and nothing else. One context of B
 * sequences; a run clears the KV cache, prefills the B prompts in one {@code llama_decode}, then decodes N - 1 steps
 * of one {@code llama_decode} with all B tokens each, taking each sequence's argmax; no tokenization (the prompt ids
 * are made once), no listener, no timeline. What the engine loses against it is the engine's and harness's cost.
 */
public final class RawDecodeProbe implements AutoCloseable {

    /**
     * One run's times: prefill from the first {@code llama_decode} to the B first tokens, decode from there to the
     * last step's tokens (wall time, and the calling thread's CPU time, which on one thread is llama.cpp's compute
     * time without the waits of a busy machine), and llama.cpp's own counters over the same spans.
     */
    public record Sample(int batchSize, int promptTokens, int newTokens, long prefillNanos, long prefillCpuNanos, long decodeNanos,
                         long decodeCpuNanos,
                         double enginePrefillMillis, double engineDecodeMillis) {
        /** Prompt tokens of the batch per second of prefill. */
        public double prefillTokensPerSecond() {
            return (double) batchSize * promptTokens * 1e9 / prefillNanos;
        }

        /** New tokens after the first, of the batch, per second of decode. */
        public double decodeTokensPerSecond() {
            return (double) batchSize * (newTokens - 1) * 1e9 / decodeNanos;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LlamaCppContext llama;
    private final TokenBatch batch;
    private final int[] promptIds;
    private final int batchSize;
    private final int newTokens;
    private final int[] next;

    private RawDecodeProbe(LlamaCppContext llama, int[] promptIds, int batchSize, int newTokens) {
        this.llama = llama;
        this.promptIds = promptIds;
        this.batchSize = batchSize;
        this.newTokens = newTokens;
        this.batch = new TokenBatch(Math.max(batchSize, batchSize * promptIds.length));
        this.next = new int[batchSize];
    }

    /**
     * Opens {@code model} (a preset or folder, converted to GGUF at {@code precision} as the engine does) for
     * {@code batchSize} copies of the workload's prompt of {@code promptTokens} tokens and {@code newTokens} new
     * tokens each.
     */
    public static RawDecodeProbe open(String model, String precision, int threads, int batchSize, int promptTokens, int newTokens,
                                      LlamaCppSettings settings) throws EngineException {
        if (newTokens < 2) {
            throw new IllegalArgumentException("newTokens must be >= 2 to have decode steps, was " + newTokens);
        }
        GgufPrecision ggufPrecision = GgufPrecision.byLabel(precision).orElseThrow(() -> new IllegalArgumentException(
                "llama.cpp cannot run precision '" + precision + "'; valid: " + GgufPrecision.labels()));
        ModelCache cache = ModelCache.defaultCache();
        Path gguf;
        int[] promptIds;
        try {
            Path folder = cache.resolve(model);
            gguf = GgufConverter.cached(folder, ggufPrecision, cache);
            try (HfTokenizer tokenizer = HfTokenizer.open(folder.resolve("tokenizer.json"))) {
                promptIds = tokenizer.encode(tokenizer.promptOfTokens(promptTokens));
            }
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        LlamaCppContext llama = LlamaCppContext.open(gguf, threads, batchSize, promptIds.length + newTokens, settings);
        if (llama.logicalBatch() < batchSize * promptIds.length) {
            llama.close();
            throw new EngineException("llama.cpp: the logical batch of " + llama.logicalBatch() + " cannot hold the "
                    + batchSize * promptIds.length + " prompt tokens of one prefill");
        }
        return new RawDecodeProbe(llama, promptIds, batchSize, newTokens);
    }

    /** One run: prefill and N - 1 decode steps of the whole batch. */
    public Sample run() throws EngineException {
        llama.clearCache();
        llama.resetPerf();
        int prompt = promptIds.length;
        batch.clear();
        for (int s = 0; s < batchSize; s++) {
            for (int p = 0; p < prompt; p++) {
                batch.add(promptIds[p], p, s, p == prompt - 1);
            }
        }
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        llama.decode(batch);
        for (int s = 0; s < batchSize; s++) {
            next[s] = llama.argMax(s * prompt + prompt - 1);
        }
        long prefilled = System.nanoTime();
        long prefilledCpu = THREADS.getCurrentThreadCpuTime();
        LlamaCppContext.PerfMillis afterPrefill = llama.perf();
        long decodeStart = System.nanoTime();
        long decodeCpuStart = THREADS.getCurrentThreadCpuTime();
        for (int step = 1; step < newTokens; step++) {
            batch.clear();
            for (int s = 0; s < batchSize; s++) {
                batch.add(next[s], prompt + step - 1, s, true);
            }
            llama.decode(batch);
            for (int s = 0; s < batchSize; s++) {
                next[s] = llama.argMax(s);
            }
        }
        long end = System.nanoTime();
        long decodeCpuEnd = THREADS.getCurrentThreadCpuTime();
        LlamaCppContext.PerfMillis atEnd = llama.perf();
        return new Sample(batchSize, prompt, newTokens, prefilled - start, prefilledCpu - cpuStart, end - decodeStart, decodeCpuEnd - decodeCpuStart,
                afterPrefill.totalMillis(),
                atEnd.totalMillis() - afterPrefill.totalMillis());
    }

    @Override
    public void close() {
        batch.close();
        llama.close();
    }
}
