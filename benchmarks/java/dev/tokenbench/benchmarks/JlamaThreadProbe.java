package dev.tokenbench.benchmarks;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.jlama.JlamaProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many threads the {@code jlama} engine computes on: its decode tokens/s and TTFT at batch 1 beside the CPU time
 * every thread of the JVM used during the measured requests (from {@link ThreadMXBean}, per thread id), so that
 * "threads=T" can be checked against the threads that actually ran. A plain main, not a JMH benchmark; it needs a JVM
 * that runs Jlama (Java 21+ with {@code --add-modules jdk.incubator.vector}).
 *
 * <p>Printed: the medians and ranges over requests of decode tokens/s and TTFT, the JVM's process CPU time per
 * generated token, and every thread that used more than 2% of the measured wall time, with its CPU time as a share of
 * that wall time (1.00 = one core busy throughout). Compute threads are the ones near 1.00; the JIT compiler and GC
 * threads show apart by name.
 *
 * <p>Run: {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules=jdk.incubator.vector
 * --enable-native-access=ALL-UNNAMED -cp target/benchmarks.jar dev.tokenbench.benchmarks.JlamaThreadProbe --model small
 * --threads 1 --requests 5}
 */
public final class JlamaThreadProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private JlamaThreadProbe() {
    }

    public static void main(String[] args) throws EngineException {
        String model = "small";
        String precision = "f32";
        int threads = 1;
        int promptTokens = 128;
        int newTokens = 64;
        int warmup = 3;
        int requests = 5;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--model" -> model = value;
                case "--precision" -> precision = value;
                case "--threads" -> threads = Integer.parseInt(value);
                case "--prompt-tokens" -> promptTokens = Integer.parseInt(value);
                case "--new-tokens" -> newTokens = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--requests" -> requests = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --model M --precision P --threads T"
                        + " --prompt-tokens P --new-tokens N --warmup W --requests R");
            }
        }
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure threads' CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        try (Engine engine = EngineRegistry.open(JlamaProvider.FRAMEWORK, EngineOptions.builder().setModel(model).optPrecision(precision)
                .optThreads(threads).optMaxSequenceTokens(promptTokens + newTokens).build())) {
            GenerationRequest request = new GenerationRequest(List.of(engine.promptOfTokens(promptTokens)), newTokens);
            for (int i = 0; i < warmup; i++) {
                serve(engine, request);
            }
            Map<Long, Long> cpuBefore = threadCpuNanos();
            long processCpuBefore = processCpuNanos();
            long[] switchesBefore = contextSwitches();
            long start = System.nanoTime();
            double[] decode = new double[requests];
            double[] ttft = new double[requests];
            for (int i = 0; i < requests; i++) {
                long[] times = serve(engine, request);
                ttft[i] = (times[1] - times[0]) / 1e6;
                decode[i] = (newTokens - 1) * 1e9 / (times[2] - times[1]);
            }
            long wall = System.nanoTime() - start;
            long processCpu = processCpuNanos() - processCpuBefore;
            long[] switchesAfter = contextSwitches();
            Map<Long, Long> cpuAfter = threadCpuNanos();
            long tokens = (long) requests * newTokens;
            System.out.printf(Locale.ROOT, "jlama %s %s threads=%d prompt %d new %d, %d requests: decode %s tok/s, TTFT %s ms;"
                            + " wall %.0f ms, process CPU %.2f x wall, %.2f ms CPU per token (%.2f ms wall)%n", model, precision, threads,
                    promptTokens, newTokens, requests, summary(decode), summary(ttft), wall / 1e6, (double) processCpu / wall,
                    processCpu / 1e6 / tokens, wall / 1e6 / tokens);
            System.out.printf(Locale.ROOT, "  context switches per token: %.1f voluntary (a thread waited), %.1f involuntary (preempted)%n",
                    (double) (switchesAfter[0] - switchesBefore[0]) / tokens, (double) (switchesAfter[1] - switchesBefore[1]) / tokens);
            Map<String, Double> byThread = new TreeMap<>();
            for (Map.Entry<Long, Long> after : cpuAfter.entrySet()) {
                long used = after.getValue() - cpuBefore.getOrDefault(after.getKey(), 0L);
                if (used > wall / 50) {
                    ThreadInfo info = THREADS.getThreadInfo(after.getKey());
                    String name = info == null ? "thread " + after.getKey() : info.getThreadName();
                    byThread.merge(name, (double) used / wall, Double::sum);
                }
            }
            byThread.forEach((name, share) -> System.out.printf(Locale.ROOT, "  %-40s CPU %.2f x wall%n", name, share));
        }
    }

    /** Request start, first token and last token times of one request of one sequence. */
    private static long[] serve(Engine engine, GenerationRequest request) throws EngineException {
        long[] times = new long[3];
        times[0] = System.nanoTime();
        engine.generate(request, (sequence, token, time) -> {
            if (times[1] == 0) {
                times[1] = time;
            }
            times[2] = time;
        });
        return times;
    }

    private static Map<Long, Long> threadCpuNanos() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /**
     * The voluntary and involuntary context switches of this process's live threads, summed from
     * {@code /proc/self/task/<tid>/status}; zeros where there is no {@code /proc}.
     */
    private static long[] contextSwitches() {
        long[] switches = new long[2];
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return switches;
        }
        try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : list.toList()) {
                try {
                    for (String line : java.nio.file.Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            switches[0] += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switches[1] += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                } catch (java.io.IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (java.io.IOException e) {
            return switches;
        }
        return switches;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Median and [min-max] of values. */
    private static String summary(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", median, sorted[0], sorted[sorted.length - 1]);
    }
}
