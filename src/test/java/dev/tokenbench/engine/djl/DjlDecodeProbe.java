package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.model.LlamaConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Hand-run measurement (not a test): decode tokens/s of the {@code base}-shaped model (random weights) at the
 * given batch sizes, 1 thread, prompt 128, 64 new tokens; the streaming bandwidth PyTorch reaches through DJL
 * (sum over a 512 MiB array, probed before each request as the machine may be shared); decode as a share of the
 * weight-streaming bound (bandwidth / weight bytes per step); and peak RSS (VmHWM, reset before each request).
 * The first request of each batch size only warms up.
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     dev.tokenbench.engine.djl.DjlDecodeProbe 1 16
 * </pre>
 */
final class DjlDecodeProbe {

    private static final int PROMPT_TOKENS = 128;
    private static final int NEW_TOKENS = 64;

    private DjlDecodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        LlamaConfig config = TinyModels.base();
        int maxBatch = 1;
        for (String arg : args) {
            maxBatch = Math.max(maxBatch, Integer.parseInt(arg));
        }
        long loadStart = System.nanoTime();
        try (DjlPytorchEngine engine = DjlPytorchEngine.builder()
                .setConfig(config)
                .setTensors(new RandomTensorSource(config, 42))
                .setTokenizer(new ByteTokenizer())
                .optThreads(1)
                .optMaxBatch(maxBatch)
                .build()) {
            System.out.printf("engine: %s, loaded in %.1f s, weights read per decode step %.1f MB%n", engine.info(),
                    (System.nanoTime() - loadStart) / 1e9, engine.streamedWeightBytesPerToken() / 1e6);
            String prompt = engine.promptOfTokens(PROMPT_TOKENS);
            for (String arg : args) {
                int batch = Integer.parseInt(arg);
                for (int repeat = 0; repeat < 3; repeat++) {
                    measure(engine, config, prompt, batch, repeat == 0);
                }
            }
        }
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
        long allFirst = 0;
        long allLast = 0;
        for (int i = 0; i < batch; i++) {
            allFirst = Math.max(allFirst, firstNanos[i]);
            allLast = Math.max(allLast, lastNanos[i]);
        }
        double decodeSeconds = (allLast - allFirst) / 1e9;
        double decodeTokensPerSecond = batch * (NEW_TOKENS - 1) / decodeSeconds;
        long kvBytes = 2L * config.numHiddenLayers() * batch * config.kvDim() * (PROMPT_TOKENS + NEW_TOKENS) * Float.BYTES;
        System.out.printf("%sbatch %2d: bandwidth %.2f GB/s (bound %.1f tok/s), prefill (all rows) %.2f s, step %.1f ms, decode %.1f tok/s (%.0f%% of the batch-1 bound), "
                        + "peak RSS %.0f MB = %.2f x (weights %.0f MB + KV cache %.0f MB)%n",
                warmUp ? "(warm-up) " : "", batch, bytesPerSecond / 1e9, boundTokensPerSecond, (allFirst - start) / 1e9, decodeSeconds * 1e3 / (NEW_TOKENS - 1), decodeTokensPerSecond,
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
