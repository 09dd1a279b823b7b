package dev.tokenbench.benchmarks;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.llamacpp.LlamaCppEngine;
import dev.tokenbench.engine.llamacpp.LlamaCppSettings;
import dev.tokenbench.engine.llamacpp.RawDecodeProbe;
import dev.tokenbench.measure.TokenMetrics;
import dev.tokenbench.measure.TokenTimeline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * llama.cpp's decode and prefill tokens/s without engine or harness ({@link RawDecodeProbe}), and with
 * {@code --compare} the {@code llama.cpp} engine measured by the harness in the same process, alternating with the
 * probe, so that their ratio is measured under the same machine load. A plain main, not a JMH benchmark: the probe
 * is the baseline the JMH figures are checked against.
 *
 * <p>Each round alternates whole requests of the probe and the engine (probe first, then engine first, and so on)
 * for at least {@code --min-ms} milliseconds; a side's round figure is its tokens over its time. Printed per
 * workload: medians and ranges over rounds of the probe's and the engine's decode tokens/s, of their ratio, of the
 * probe's prefill tokens/s, and of the harness's TTFT and ITL means against llama.cpp's own counters. Decode is also
 * measured per second of the calling thread's CPU time: with one compute thread llama.cpp computes on the calling
 * thread, so that figure leaves out the time a busy machine runs other processes instead.
 *
 * <p>Run: {@code java -cp target/benchmarks.jar dev.tokenbench.benchmarks.LlamaCppDecodeProbe --model tiny,small
 * --batch 1,4,8,16 --prompt-tokens 128 --new-tokens 64 --threads 1 --rounds 5 --compare}
 */
public final class LlamaCppDecodeProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private LlamaCppDecodeProbe() {
    }

    public static void main(String[] args) throws EngineException {
        List<String> models = List.of("tiny");
        List<Integer> batches = List.of(1, 4, 8, 16);
        int promptTokens = 128;
        int newTokens = 64;
        int threads = 1;
        int rounds = 5;
        long minMillis = 300;
        int warmup = 2;
        boolean compare = false;
        String precision = "f32";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--model" -> models = List.of(value.split(","));
                case "--batch" -> batches = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                case "--prompt-tokens" -> promptTokens = Integer.parseInt(value);
                case "--new-tokens" -> newTokens = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--min-ms" -> minMillis = Long.parseLong(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--precision" -> precision = value;
                case "--compare" -> {
                    compare = true;
                    continue;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --model M,.. --batch B,.."
                        + " --prompt-tokens P --new-tokens N --threads T --rounds R --min-ms MS --warmup W --precision P --compare");
            }
            i++;
        }
        LlamaCppSettings settings = LlamaCppSettings.fromSystemProperty();
        System.out.printf(Locale.ROOT, "llama.cpp probe: %s, prompt %d, new %d, threads %d, %s, %d warm-up and %d rounds of >= %d ms per side%n",
                precision, promptTokens, newTokens, threads, settings.describe(), warmup, rounds, minMillis);
        for (String model : models) {
            for (int batch : batches) {
                measure(model, precision, batch, promptTokens, newTokens, threads, rounds, minMillis, warmup, compare, settings);
            }
        }
    }

    private static void measure(String model, String precision, int batch, int promptTokens, int newTokens, int threads, int rounds,
                                long minMillis, int warmup, boolean compare, LlamaCppSettings settings) throws EngineException {
        double[] probeDecode = new double[rounds];
        double[] probePrefill = new double[rounds];
        double[] engineDecode = new double[rounds];
        double[] ratio = new double[rounds];
        double[] cpuRatio = new double[rounds];
        double[] probeDecodeCpu = new double[rounds];
        double[] probePrefillCpu = new double[rounds];
        double[] ttftVsCounter = new double[rounds];
        double[] itlVsCounter = new double[rounds];
        try (RawDecodeProbe probe = RawDecodeProbe.open(model, precision, threads, batch, promptTokens, newTokens, settings);
             Engine engine = compare ? EngineRegistry.open(LlamaCppEngine.FRAMEWORK, EngineOptions.builder().setModel(model)
                     .optPrecision(precision).optThreads(threads).optMaxBatchSize(batch)
                     .optMaxSequenceTokens(promptTokens + newTokens).build()) : null) {
            GenerationRequest request = engine == null ? null
                    : new GenerationRequest(Collections.nCopies(batch, engine.promptOfTokens(promptTokens)), newTokens);
            for (int i = 0; i < warmup; i++) {
                probe.run();
                if (engine != null) {
                    serve(engine, request);
                }
            }
            for (int round = 0; round < rounds; round++) {
                Side probeSide = new Side();
                Side engineSide = new Side();
                long start = System.nanoTime();
                int pair = 0;
                do {
                    // Request by request, alternating which side goes first, so both see the same machine load.
                    if (engine != null && pair % 2 == 1) {
                        engineSide.serve(engine, request);
                    }
                    probeSide.run(probe);
                    if (engine != null && pair % 2 == 0) {
                        engineSide.serve(engine, request);
                    }
                    pair++;
                } while (System.nanoTime() - start < minMillis * 1_000_000L);
                probeDecode[round] = probeSide.decodeTokensPerSecond();
                probePrefill[round] = probeSide.prefillTokensPerSecond();
                probeDecodeCpu[round] = probeSide.decodeTokensPerCpuSecond();
                probePrefillCpu[round] = probeSide.prefillTokens * 1e9 / probeSide.prefillCpuNanos;
                if (engine != null) {
                    TokenMetrics metrics = TokenMetrics.of(engineSide.timelines);
                    engineDecode[round] = metrics.decodeTokensPerSecond().orElseThrow();
                    ttftVsCounter[round] = metrics.timeToFirstToken().orElseThrow().mean()
                            / (engineSide.counterPrefillNanos / engineSide.timelines.size());
                    itlVsCounter[round] = metrics.interTokenLatency().orElseThrow().mean()
                            / (engineSide.counterItlNanos / engineSide.timelines.size());
                    ratio[round] = engineDecode[round] / probeDecode[round];
                    cpuRatio[round] = engineSide.decodeTokensPerCpuSecond() / probeDecodeCpu[round];
                }
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6s B=%-2d probe decode %s tok/s (per CPU second %s),"
                + " prefill %s tok/s (per CPU second %s)", model, batch, summary(probeDecode, "%.0f"), summary(probeDecodeCpu, "%.0f"),
                summary(probePrefill, "%.0f"), summary(probePrefillCpu, "%.0f")));
        if (compare) {
            line.append(String.format(Locale.ROOT, "; engine decode %s tok/s, engine/probe %s (per CPU second %s);"
                    + " TTFT/engine.prefill %s, ITL/engine.itl %s", summary(engineDecode, "%.0f"), summary(ratio, "%.3f"),
                    summary(cpuRatio, "%.3f"), summary(ttftVsCounter, "%.3f"), summary(itlVsCounter, "%.3f")));
        }
        System.out.println(line);
    }

    /** One side's requests of one round. */
    private static final class Side {
        final List<TokenTimeline> timelines = new ArrayList<>();
        double counterPrefillNanos;
        double counterItlNanos;
        long decodeNanos;
        long prefillNanos;
        long decodeTokens;
        long prefillTokens;
        long decodeCpuNanos;
        long prefillCpuNanos;
        long engineDecodeTokens;

        void run(RawDecodeProbe probe) throws EngineException {
            RawDecodeProbe.Sample sample = probe.run();
            decodeNanos += sample.decodeNanos();
            prefillNanos += sample.prefillNanos();
            decodeTokens += (long) sample.batchSize() * (sample.newTokens() - 1);
            prefillTokens += (long) sample.batchSize() * sample.promptTokens();
            decodeCpuNanos += sample.decodeCpuNanos();
            prefillCpuNanos += sample.prefillCpuNanos();
        }

        void serve(Engine engine, GenerationRequest request) throws EngineException {
            TokenTimeline timeline = new TokenTimeline(request.batchSize(), request.newTokens(), System.nanoTime());
            int batch = request.batchSize();
            long all = (long) batch * request.newTokens();
            long[] seen = {0};
            long[] cpu = new long[2];
            // The harness's timeline, plus this thread's CPU time from the step of the first tokens to the last step.
            GenerationOutcome outcome = engine.generate(request, (sequence, token, time) -> {
                timeline.onToken(sequence, token, time);
                seen[0]++;
                if (seen[0] == batch) {
                    cpu[0] = THREADS.getCurrentThreadCpuTime();
                } else if (seen[0] == all) {
                    cpu[1] = THREADS.getCurrentThreadCpuTime();
                }
            });
            decodeCpuNanos += cpu[1] - cpu[0];
            engineDecodeTokens += all - batch;
            timeline.complete(System.nanoTime(), outcome.promptTokenCounts());
            timelines.add(timeline);
            counterPrefillNanos += outcome.enginePrefillNanos().orElseThrow();
            counterItlNanos += outcome.engineInterTokenNanos().orElseThrow();
        }

        double decodeTokensPerSecond() {
            return decodeTokens * 1e9 / decodeNanos;
        }

        /** Decode tokens per second of this thread's CPU time (the probe's or the engine's, whichever ran). */
        double decodeTokensPerCpuSecond() {
            return (decodeTokens + engineDecodeTokens) * 1e9 / decodeCpuNanos;
        }

        double prefillTokensPerSecond() {
            return prefillTokens * 1e9 / prefillNanos;
        }
    }

    private static void serve(Engine engine, GenerationRequest request) throws EngineException {
        engine.generate(request, new TokenTimeline(request.batchSize(), request.newTokens(), System.nanoTime()));
    }

    /** Median and range: {@code 412 [398-430]}. */
    private static String summary(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", median, sorted[0], sorted[n - 1]);
    }
}
