package dev.tokenbench.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.djl.DjlPytorchEngine;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.ModelPreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Hand-run measurement (not a test) on the {@code base} preset, opened through the engine registry as a benchmark
 * opens it (generated into the model cache on first use, weights read from the memory-mapped safetensors): the
 * wall time of opening it (the first open in the JVM includes loading PyTorch; a second open follows), then per
 * batch size, 1 thread, B copies of a 128-token prompt, 64 new tokens: time to first token, decode tokens/s, the
 * streaming bandwidth PyTorch reaches through DJL (sum over a 512 MiB array, probed before each request as the
 * machine may be shared), decode as a share of the weight-streaming bound (bandwidth / weight bytes per step), and
 * peak RSS (VmHWM, reset before each request). The first request of each batch size only warms up.
 *
 * <pre>
 * mvn -B -q -o package -DskipTests
 * java -Dai.djl.offline=true -Dtokenbench.home=/tmp/tbhome -cp target/benchmarks.jar dev.tokenbench.benchmarks.DjlDecodeProbe 1 16
 * </pre>
 */
public final class DjlDecodeProbe {

    private static final int PROMPT_TOKENS = 128;
    private static final int NEW_TOKENS = 64;

    private DjlDecodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        LlamaConfig config = ModelPreset.BASE.config();
        int maxBatch = 1;
        for (String arg : args) {
            maxBatch = Math.max(maxBatch, Integer.parseInt(arg));
        }
        EngineOptions options = EngineOptions.builder().setModel(ModelPreset.BASE.presetName()).optThreads(1)
                .optMaxBatchSize(maxBatch).optMaxSequenceTokens(PROMPT_TOKENS + NEW_TOKENS).build();
        ModelCache.defaultCache().resolve(options.model());  // generates the preset if absent, outside the timing
        long firstOpenNanos = openAndCloseNanos(options);
        long loadStart = System.nanoTime();
        try (DjlPytorchEngine engine = (DjlPytorchEngine) EngineRegistry.open(DjlPytorchEngine.FRAMEWORK, options)) {
            System.out.printf("engine: %s%nopen %s from %s: %.3f s (first open in this JVM, loading PyTorch), %.3f s "
                            + "(second open); weights read per decode step %.1f MB%n", engine.info(), options.model(),
                    ModelCache.defaultCache().home(), firstOpenNanos / 1e9, (System.nanoTime() - loadStart) / 1e9,
                    engine.streamedWeightBytesPerToken() / 1e6);
            String prompt = engine.promptOfTokens(PROMPT_TOKENS);
            for (String arg : args) {
                int batch = Integer.parseInt(arg);
                for (int repeat = 0; repeat < 3; repeat++) {
                    measure(engine, config, prompt, batch, repeat == 0);
                }
            }
        }
    }

    private static long openAndCloseNanos(EngineOptions options) throws EngineException {
        long start = System.nanoTime();
        Engine engine = EngineRegistry.open(DjlPytorchEngine.FRAMEWORK, options);
        long nanos = System.nanoTime() - start;
        engine.close();
        return nanos;
    }

    /** One request; the first of each batch size only warms up. Bandwidth is probed just before, as the machine is shared. */
    private static void measure(DjlPytorchEngine engine, LlamaConfig config, String prompt, int batch, boolean warmUp)
            throws Exception {
        double bytesPerSecond = streamingBandwidth();
        long weightBytes = engine.streamedWeightBytesPerToken();
        double boundTokensPerSecond = bytesPerSecond / weightBytes;
        long[] firstNanos = new long[batch];
        long[] lastNanos = new long[batch];
        System.gc();
        resetPeakRss();
        long start = System.nanoTime();
        engine.generate(new GenerationRequest(Collections.nCopies(batch, prompt), NEW_TOKENS), (sequence, token, time) -> {
            if (firstNanos[sequence] == 0) {
                firstNanos[sequence] = time;
            }
            lastNanos[sequence] = time;
        });
        long peakRss = statusBytes("VmHWM");
        long firstTtft = Long.MAX_VALUE;
        long allFirst = 0;
        long allLast = 0;
        for (int i = 0; i < batch; i++) {
            firstTtft = Math.min(firstTtft, firstNanos[i] - start);
            allFirst = Math.max(allFirst, firstNanos[i]);
            allLast = Math.max(allLast, lastNanos[i]);
        }
        double decodeSeconds = (allLast - allFirst) / 1e9;
        double decodeTokensPerSecond = batch * (NEW_TOKENS - 1) / decodeSeconds;
        long kvBytes = 2L * config.numHiddenLayers() * batch * config.kvDim() * (PROMPT_TOKENS + NEW_TOKENS) * Float.BYTES;
        System.out.printf("%sbatch %2d: bandwidth %.2f GB/s (bound %.1f tok/s), TTFT %.3f-%.3f s, step %.1f ms, decode %.1f tok/s "
                        + "(%.0f%% of the batch-1 bound), peak RSS %.0f MB = %.2f x (weights %.0f MB + KV cache %.0f MB)%n",
                warmUp ? "(warm-up) " : "", batch, bytesPerSecond / 1e9, boundTokensPerSecond, firstTtft / 1e9,
                (allFirst - start) / 1e9, decodeSeconds * 1e3 / (NEW_TOKENS - 1), decodeTokensPerSecond,
                100 * decodeTokensPerSecond / boundTokensPerSecond,
                peakRss / 1e6, (double) peakRss / (weightBytes + kvBytes), weightBytes / 1e6, kvBytes / 1e6);
    }

    /** Best of five sums over a 512 MiB f32 array (far beyond any cache), in bytes per second. */
    private static double streamingBandwidth() {
        long bytes = 1L << 29;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray big = manager.ones(new Shape(bytes / Float.BYTES), DataType.FLOAT32);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                try (NDArray sum = big.sum()) {
                    sum.toFloatArray();
                }
                best = Math.min(best, System.nanoTime() - t);
            }
            return bytes / (best / 1e9);
        }
    }

    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            System.out.println("cannot reset VmHWM (" + e.getMessage() + "); peak RSS is since start");
        }
    }

    private static long statusBytes(String field) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/self/status")));
        for (String line : lines) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        return -1;
    }
}
