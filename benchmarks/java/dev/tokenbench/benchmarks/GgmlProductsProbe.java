package dev.tokenbench.benchmarks;

import dev.tokenbench.calibrate.Calibrator;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.llamacpp.GgmlProducts;
import dev.tokenbench.engine.llamacpp.LlamaCppSettings;
import dev.tokenbench.engine.llamacpp.RawDecodeProbe;
import dev.tokenbench.model.gguf.GgufPrecision;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * llama.cpp's decode against its framework limit in one process: per round, one request of the raw llama.cpp probe
 * ({@link RawDecodeProbe}: prefill, then N - 1 decode steps of B tokens) and then {@code --trials} computes of the
 * calibration's ggml products of B tokens ({@link GgmlProducts}), so both see the same machine load. With one
 * thread both compute on the calling thread, so besides wall time each is timed in that thread's CPU time, which
 * leaves out the time a busy machine runs other processes. Printed per model and batch: medians and ranges over
 * rounds of decode tokens/s, of the products' limit (B / fastest trial of the round) and of their ratio, in wall
 * and CPU time. Decode above the limit (ratio above 1) would mean the limit misses a faster path llama.cpp takes.
 *
 * <p>Run: {@code java -cp target/benchmarks.jar dev.tokenbench.benchmarks.GgmlProductsProbe --model small,base
 * --batch 1,16 --precision f32 --rounds 5} (llama.cpp settings from {@code -Dtokenbench.llamacpp.options}).
 */
public final class GgmlProductsProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GgmlProductsProbe() {
    }

    public static void main(String[] args) throws EngineException, IOException {
        List<String> models = List.of("small");
        List<Integer> batches = List.of(1, 16);
        GgufPrecision precision = GgufPrecision.F32;
        int promptTokens = 128;
        int newTokens = 64;
        int rounds = 5;
        int trials = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--model" -> models = List.of(value.split(","));
                case "--batch" -> batches = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                case "--precision" -> precision = GgufPrecision.byLabel(value)
                        .orElseThrow(() -> new IllegalArgumentException("--precision: one of " + GgufPrecision.labels()));
                case "--prompt-tokens" -> promptTokens = Integer.parseInt(value);
                case "--new-tokens" -> newTokens = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--trials" -> trials = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --model M,.. --batch B,.."
                        + " --precision P --prompt-tokens P --new-tokens N --rounds R --trials T");
            }
        }
        LlamaCppSettings settings = LlamaCppSettings.fromSystemProperty();
        System.out.printf(Locale.ROOT, "llama.cpp decode vs its ggml products: %s, prompt %d, new %d, 1 thread, %s, %d rounds, %d product"
                + " trials per round%n", precision.label(), promptTokens, newTokens, settings.describe(), rounds, trials);
        for (String model : models) {
            try (GgmlProducts products = GgmlProducts.allocate(Calibrator.NamedModel.resolve(model).config(), precision)) {
                for (int batch : batches) {
                    measure(model, products, precision, batch, promptTokens, newTokens, rounds, trials, settings);
                }
            }
        }
    }

    private static void measure(String model, GgmlProducts products, GgufPrecision precision, int batch, int promptTokens, int newTokens,
                                int rounds, int trials, LlamaCppSettings settings) throws EngineException {
        double[] decodeWall = new double[rounds];
        double[] decodeCpu = new double[rounds];
        double[] limitWall = new double[rounds];
        double[] limitCpu = new double[rounds];
        double[] ratioWall = new double[rounds];
        double[] ratioCpu = new double[rounds];
        try (RawDecodeProbe probe = RawDecodeProbe.open(model, precision.label(), 1, batch, promptTokens, newTokens, settings);
             GgmlProducts.Step step = products.step(batch)) {
            probe.run();
            step.compute(1);
            for (int round = 0; round < rounds; round++) {
                RawDecodeProbe.Sample sample = probe.run();
                long bestWall = Long.MAX_VALUE;
                long bestCpu = Long.MAX_VALUE;
                for (int trial = 0; trial < trials; trial++) {
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    long wall = System.nanoTime();
                    step.compute(1);
                    bestWall = Math.min(bestWall, System.nanoTime() - wall);
                    bestCpu = Math.min(bestCpu, THREADS.getCurrentThreadCpuTime() - cpu);
                }
                double steps = newTokens - 1;
                decodeWall[round] = sample.decodeTokensPerSecond();
                decodeCpu[round] = batch * steps * 1e9 / sample.decodeCpuNanos();
                limitWall[round] = batch * 1e9 / bestWall;
                limitCpu[round] = batch * 1e9 / Math.max(1, bestCpu);
                ratioWall[round] = decodeWall[round] / limitWall[round];
                ratioCpu[round] = decodeCpu[round] / limitCpu[round];
            }
        }
        System.out.printf(Locale.ROOT, "%-6s B=%-3d wall: decode %s tok/s, limit %s tok/s, decode/limit %s | CPU: decode %s tok/s, limit %s"
                        + " tok/s, decode/limit %s%n", model, batch, spread(decodeWall, "%.1f"), spread(limitWall, "%.1f"),
                spread(ratioWall, "%.3f"), spread(decodeCpu, "%.1f"), spread(limitCpu, "%.1f"), spread(ratioCpu, "%.3f"));
    }

    /** Median [min-max]. */
    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", median, sorted[0], sorted[sorted.length - 1]);
    }
}
