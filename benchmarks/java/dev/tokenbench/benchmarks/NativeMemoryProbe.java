package dev.tokenbench.benchmarks;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.measure.MemoryProbe;
import dev.tokenbench.model.ModelCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Hand-run measurement (not a test) of native memory growth in one JVM, per engine: R requests on one open engine with
 * the resident set size ({@code VmRSS}) read every K requests, and the slope of RSS over requests fitted by least
 * squares with its 95% interval (bytes per request; an interval that contains 0 means no measurable growth); then the
 * engine opened, used for one request and closed O times, RSS read after each close, and the slope over opens (bytes per
 * open). With {@code --malloc-trim true} glibc's freed native heap is handed back before each reading; with {@code --nmt true} (and {@code -XX:NativeMemoryTracking=summary}) it prints how
 * the JVM's own native memory changed from the first close to the last. The first W requests (and the first open) only warm up: allocator pools, JIT code and lazily loaded natives
 * settle there. A full GC runs before each reading, so the Java heap's garbage does not move RSS; run with a fixed,
 * pre-touched heap so heap growth cannot look like a native leak.
 *
 * <pre>
 * mvn -B -q -o package -DskipTests
 * java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Dai.djl.offline=true -cp target/benchmarks.jar \
 *     dev.tokenbench.benchmarks.NativeMemoryProbe --framework djl-pytorch,llama.cpp --model tiny --requests 1000 --every 50 --opens 20
 * </pre>
 */
public final class NativeMemoryProbe {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("--framework", "djl-pytorch,llama.cpp");
        DEFAULTS.put("--model", "tiny");
        DEFAULTS.put("--requests", "1000");
        DEFAULTS.put("--every", "50");
        DEFAULTS.put("--warmup", "50");
        DEFAULTS.put("--opens", "20");
        DEFAULTS.put("--batch", "1");
        DEFAULTS.put("--prompt-tokens", "32");
        DEFAULTS.put("--new-tokens", "16");
        DEFAULTS.put("--malloc-trim", "false");
        DEFAULTS.put("--nmt", "false");
    }

    private NativeMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            if (!DEFAULTS.containsKey(args[i]) || i + 1 == args.length) {
                System.err.println("NativeMemoryProbe: unknown option or missing value: " + args[i] + "; options: " + DEFAULTS);
                System.exit(2);
            }
            options.put(args[i], args[++i]);
        }
        List<String> frameworks = Arrays.asList(options.get("--framework").split(","));
        String model = options.get("--model");
        int requests = Integer.parseInt(options.get("--requests"));
        int every = Integer.parseInt(options.get("--every"));
        int warmup = Integer.parseInt(options.get("--warmup"));
        int opens = Integer.parseInt(options.get("--opens"));
        int batch = Integer.parseInt(options.get("--batch"));
        int promptTokens = Integer.parseInt(options.get("--prompt-tokens"));
        int newTokens = Integer.parseInt(options.get("--new-tokens"));
        mallocTrim = Boolean.parseBoolean(options.get("--malloc-trim"));
        boolean nmt = Boolean.parseBoolean(options.get("--nmt"));
        ModelCache.defaultCache().resolve(model);
        MemoryProbe memory = MemoryProbe.system();
        EngineOptions engineOptions = EngineOptions.builder().setModel(model).optThreads(1).optMaxBatchSize(batch)
                .optMaxSequenceTokens(promptTokens + newTokens).build();
        System.out.printf(Locale.ROOT, "model %s, batch %d, prompt %d, new tokens %d; %d warm-up requests, then %d requests with RSS"
                + " read every %d; then %d opens (the first warms up); malloc_trim before each reading: %s%n", model, batch, promptTokens, newTokens, warmup,
                requests, every, opens, mallocTrim);
        List<String> rows = new ArrayList<>();
        List<String> series = new ArrayList<>();
        for (String framework : frameworks) {
            SimpleRegression perRequest = new SimpleRegression();
            long rssBefore;
            long rssAfter;
            try (Engine engine = EngineRegistry.open(framework, engineOptions)) {
                GenerationRequest request = new GenerationRequest(Collections.nCopies(batch, engine.promptOfTokens(promptTokens)), newTokens);
                for (int i = 0; i < warmup; i++) {
                    engine.generate(request, (sequence, token, time) -> { });
                }
                rssBefore = rss(memory);
                perRequest.addData(0, rssBefore);
                for (int i = 1; i <= requests; i++) {
                    engine.generate(request, (sequence, token, time) -> { });
                    if (i % every == 0) {
                        perRequest.addData(i, rss(memory));
                    }
                }
                rssAfter = rss(memory);
            }
            SimpleRegression perOpen = new SimpleRegression();
            StringBuilder afterCloses = new StringBuilder(framework + ": RSS after each close (MiB):");
            long firstOpenRss = 0;
            long lastOpenRss = 0;
            for (int open = 0; open < opens; open++) {
                try (Engine engine = EngineRegistry.open(framework, engineOptions)) {
                    engine.generate(new GenerationRequest(Collections.nCopies(batch, engine.promptOfTokens(promptTokens)), newTokens),
                            (sequence, token, time) -> { });
                }
                long rss = rss(memory);
                afterCloses.append(String.format(Locale.ROOT, " %.1f", rss / 1048576.0));
                if (open == 0) {
                    firstOpenRss = rss;
                    if (nmt) {
                        nativeMemory("baseline");
                    }
                    continue;
                }
                perOpen.addData(open, rss);
                lastOpenRss = rss;
            }
            series.add(afterCloses.toString());
            if (nmt) {
                series.add(framework + ": the JVM's own native memory after the last close against after the first (NMT summary.diff):\n"
                        + nativeMemory("summary.diff"));
            }
            rows.add(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.0f [%.0f, %.0f] | %d | %.1f | %.1f | %.0f [%.0f, %.0f] |",
                    framework, requests, rssBefore / 1048576.0, rssAfter / 1048576.0, perRequest.getSlope(),
                    perRequest.getSlope() - perRequest.getSlopeConfidenceInterval(), perRequest.getSlope() + perRequest.getSlopeConfidenceInterval(),
                    opens, firstOpenRss / 1048576.0, lastOpenRss / 1048576.0, perOpen.getSlope(),
                    perOpen.getSlope() - perOpen.getSlopeConfidenceInterval(), perOpen.getSlope() + perOpen.getSlopeConfidenceInterval()));
        }
        System.out.println("| framework | requests | RSS after warm-up (MiB) | RSS after requests (MiB) | RSS slope (bytes/request) [95%] "
                + "| opens | RSS after first close (MiB) | RSS after last close (MiB) | RSS slope (bytes/open) [95%] |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
        series.forEach(System.out::println);
    }

    private static boolean mallocTrim;

    /**
     * Runs {@code jcmd <this JVM> VM.native_memory <command>} in process (the JVM must run with
     * {@code -XX:NativeMemoryTracking=summary}; with {@code --nmt true}). NMT sees the JVM's own allocations only (heap,
     * classes, threads, code, GC, JNI handles and the JDK's native code), not {@code malloc} of a native library such as
     * PyTorch: RSS growth that NMT does not show is a library's or glibc's.
     */
    private static String nativeMemory(String command) {
        try {
            javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
            return (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(name, "vmNativeMemory",
                    new Object[] {new String[] {command}}, new String[] {String[].class.getName()});
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("VM.native_memory " + command + " failed (run with -XX:NativeMemoryTracking=summary): " + e.getMessage(), e);
        }
    }

    /**
     * RSS after a full collection, so the heap's garbage does not count; with {@code --malloc-trim true} also after glibc's
     * {@code malloc_trim(0)}, which hands freed native heap back to the system: growth that remains is memory still held.
     */
    private static long rss(MemoryProbe memory) {
        System.gc();
        if (mallocTrim) {
            com.sun.jna.NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[] {0});
        }
        return memory.residentSetBytes().orElseThrow(() -> new IllegalStateException("no /proc/self/status: RSS is Linux-only"));
    }
}
