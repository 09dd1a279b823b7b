package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.model.LlamaCheckpoint;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelCache;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hand-run measurement (not a test) of djl-pytorch's forward pass without engine or harness: per batch size, a
 * prefill of {@code --prompt} tokens per row (in passes of at most {@link StaticBatch#PREFILL_TOKENS_PER_PASS} tokens,
 * as the engine does) and {@code --steps} decode steps, each ending with the argmax on the Java side, as in
 * {@link StaticBatch}. It prints the prefill time and the median decode step per round, in wall time and in the
 * calling thread's CPU time (with one PyTorch thread, PyTorch computes on the calling thread, so CPU time leaves out the
 * waits of a shared machine; it still holds memory stalls caused by other processes).
 *
 * <p>The engine's forward pass is the TorchScript module ({@link TorchScriptLlama}). {@code --compare-ops} also runs,
 * first and alternating with it round by round, the op-by-op forward pass through DJL ({@link LlamaModel}), and prints
 * the per-round speed ratios (each other variant's speed over the first's), wall and per CPU second, as median
 * [min-max]. {@code --compare-owned} adds the op-by-op pass on copies of the weights in memory PyTorch allocates (the
 * engine's may be views of the mapped safetensors file). {@code --compare-script FILE} (repeatable) adds the
 * TorchScript module compiled from another source file defining the same class, to try a change of the model's source
 * without rebuilding. {@code --compare-unoptimized} adds the same module run without libtorch's graph executor
 * optimisation (the plan it picks on its first calls, with the optimisation switched off for them).
 *
 * <p>{@code --profile} also runs the decode steps once under PyTorch's profiler (reached through DJL's
 * {@code JniUtils.startProfile}) and prints, per step, the native ops DJL called (top-level ops of the trace: one per
 * JNI call that computes) by name: count and milliseconds, and the rest of the step's wall time (Java, DJL, JNI and
 * the profiler's own cost). The profiler adds some microseconds per op, so its total is above an unprofiled step.
 *
 * <pre>
 * mvn -B -q -o package -DskipTests
 * java -Dai.djl.offline=true -cp target/benchmarks.jar dev.tokenbench.engine.djl.DjlStepProbe --model base --batch 1,16 --profile
 * java -Dai.djl.offline=true -cp target/benchmarks.jar dev.tokenbench.engine.djl.DjlStepProbe --model base --batch 1,16 --steps 32 --rounds 6 --compare-ops
 * </pre>
 */
public final class DjlStepProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DjlStepProbe() {
    }

    public static void main(String[] args) throws Exception {
        String model = "base";
        int[] batches = {1, 16};
        int prompt = 128;
        int steps = 32;
        int rounds = 3;
        int threads = 1;
        boolean profile = false;
        boolean compareOwned = false;
        boolean compareOps = false;
        List<Path> scripts = new ArrayList<>();
        boolean compareUnoptimized = false;
        boolean products = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = args[++i];
                case "--batch" -> batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--prompt" -> prompt = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--profile" -> profile = true;
                case "--compare-owned" -> compareOwned = true;
                case "--compare-ops" -> compareOps = true;
                case "--compare-script" -> scripts.add(Path.of(args[++i]));
                case "--compare-unoptimized" -> compareUnoptimized = true;
                case "--products" -> products = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; valid: --model M --batch B,.. --prompt P --steps N --rounds R --threads T --profile --compare-ops --compare-owned --compare-script FILE --compare-unoptimized --products");
            }
        }
        int maxBatch = Arrays.stream(batches).max().orElse(1);
        EngineOptions options = EngineOptions.builder().setModel(model).optThreads(threads).optMaxBatchSize(maxBatch)
                .optMaxSequenceTokens(prompt + steps + 1).build();
        // the engine as the provider opens it, keeping the op-by-op pass (and its dense weights) to compare with
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(ModelCache.defaultCache().resolve(options.model()));
             DjlPytorchEngine engine = DjlPytorchEngine.builder().setConfig(checkpoint.config()).setTensors(checkpoint.tensors())
                     .setTokenizer(checkpoint.openTokenizer()).optOwnTokenizer(true).optThreads(threads).optMaxBatch(maxBatch)
                     .optMaxContext(prompt + steps + 1).optKeepReferencePass(true).build();
             NDManager root = NDManager.newBaseManager()) {
            LlamaModel forward = engine.model();
            LlamaConfig config = forward.config();
            System.out.printf("model %s, %d layers, dim %d, weights per step %.1f MB, %d thread(s), prompt %d, %d steps%n",
                    model, config.numHiddenLayers(), config.hiddenSize(), engine.streamedWeightBytesPerToken() / 1e6,
                    threads, prompt, steps);
            Map<String, ForwardPass> variants = new LinkedHashMap<>();
            if (compareOps) {
                variants.put("op-by-op", forward);
            }
            variants.put("torchscript", engine.scripted());
            if (compareUnoptimized) {
                variants.put("unoptimized", TorchScriptLlama.compile(forward, root));
            }
            for (Path script : scripts) {
                variants.put(script.getFileName().toString(), TorchScriptLlama.compile(forward, root, Files.readString(script)));
            }
            if (compareOwned) {
                variants.put("owned-copies", new LlamaModel(config, owned(forward.weights(), root), RotaryEmbedding.create(config,
                        (int) forward.maxPositions(), root), root));
                variants.put("script-owned", TorchScriptLlama.compile((LlamaModel) variants.get("owned-copies"), root));
            }
            for (int batch : batches) {
                try (KvCache cache = KvCache.allocate(root, config, batch, prompt + steps + 1)) {
                    for (Map.Entry<String, ForwardPass> variant : variants.entrySet()) {
                        // libtorch picks a module's execution plan on its first calls and keeps it: without the
                        // graph executor's optimisation (process-wide) for the "unoptimized" variant only
                        JniUtils.setGraphExecutorOptimize(!variant.getKey().equals("unoptimized"));
                        run(variant.getValue(), root, cache, batch, prompt, steps, false);  // warm-up
                    }
                    JniUtils.setGraphExecutorOptimize(true);
                    List<String> names = new ArrayList<>(variants.keySet());
                    Map<String, List<Double>> ratios = new LinkedHashMap<>();
                    FrameworkProducts limit = products ? FrameworkProducts.allocate(config, batch, root) : null;
                    if (limit != null) {
                        limit.time(steps);  // warm-up
                    }
                    for (int round = 0; round < rounds; round++) {
                        List<String> order = new ArrayList<>(names);
                        if (round % 2 == 1) {
                            Collections.reverse(order);
                        }
                        Map<String, Run> results = new LinkedHashMap<>();
                        for (String name : order) {
                            Run r = run(variants.get(name), root, cache, batch, prompt, steps, false);
                            results.put(name, r);
                            System.out.printf("batch %2d round %d %-14s prefill %.1f ms (CPU %.1f), decode step median %.2f ms [%.2f-%.2f] "
                                            + "(CPU %.2f ms), %.1f tok/s (per CPU second %.1f)%n",
                                    batch, round, name, r.prefillNanos / 1e6, r.prefillCpuNanos / 1e6, r.medianStep() / 1e6,
                                    r.minStep() / 1e6, r.maxStep() / 1e6, r.medianCpuStep() / 1e6, batch * 1e9 / r.medianStep(),
                                    batch * 1e9 / r.medianCpuStep());
                        }
                        Run first = results.get(names.get(0));
                        if (limit != null) {
                            long[] pass = limit.time(steps);  // {wall, CPU} median per pass
                            System.out.printf("batch %2d round %d products alone (the framework limit's, packed, %d tokens): median %.2f ms "
                                    + "(CPU %.2f ms); step over them: %.3f (CPU %.3f)%n", batch, round, batch, pass[0] / 1e6, pass[1] / 1e6,
                                    (double) pass[0] / first.medianStep(), (double) pass[1] / first.medianCpuStep());
                            ratios.computeIfAbsent("framework limit share", k -> new ArrayList<>())
                                    .add((double) pass[1] / first.medianCpuStep());
                        }
                        for (String name : names.subList(1, names.size())) {
                            ratios.computeIfAbsent(name + " decode", k -> new ArrayList<>())
                                    .add((double) first.medianStep() / results.get(name).medianStep());
                            ratios.computeIfAbsent(name + " prefill", k -> new ArrayList<>())
                                    .add((double) first.prefillNanos / results.get(name).prefillNanos);
                            ratios.computeIfAbsent(name + " decode per CPU second", k -> new ArrayList<>())
                                    .add((double) first.medianCpuStep() / results.get(name).medianCpuStep());
                            ratios.computeIfAbsent(name + " prefill per CPU second", k -> new ArrayList<>())
                                    .add((double) first.prefillCpuNanos / results.get(name).prefillCpuNanos);
                        }
                    }
                    if (limit != null) {
                        limit.close();
                    }
                    ratios.forEach((name, values) -> {
                        Collections.sort(values);
                        System.out.printf("batch %2d: %s speed / %s: median %.3f [%.3f-%.3f] over %d rounds%n", batch, name,
                                names.get(0), values.get(values.size() / 2), values.get(0), values.get(values.size() - 1), values.size());
                    });
                    if (profile) {
                        for (Map.Entry<String, ForwardPass> variant : variants.entrySet()) {
                            Path trace = Files.createTempFile("djl-step-profile", ".json");
                            Run r = run(variant.getValue(), root, cache, batch, prompt, steps, true, trace);
                            System.out.println(variant.getKey() + ":");
                            printProfile(trace, batch, steps, r);
                            Files.deleteIfExists(trace);
                        }
                    }
                }
            }
        }
    }

    /** The same weights copied into memory PyTorch allocates (the loaded ones may be views of the mapped file). */
    private static LlamaWeights owned(LlamaWeights weights, NDManager manager) {
        List<LlamaWeights.LayerWeights> layers = new ArrayList<>();
        for (LlamaWeights.LayerWeights layer : weights.layers()) {
            layers.add(new LlamaWeights.LayerWeights(copy(layer.qkv(), manager), copy(layer.attentionOutput(), manager),
                    copy(layer.gateUp(), manager), copy(layer.down(), manager)));
        }
        NDArray embedding = copy(weights.embedding(), manager);
        NDArray output = weights.output() == weights.embedding() ? embedding : copy(weights.output(), manager);
        return new LlamaWeights(embedding, List.copyOf(layers), copy(weights.finalNorm(), manager), output);
    }

    private static NDArray copy(NDArray array, NDManager manager) {
        NDArray copy = array.duplicate();
        copy.attach(manager);
        return copy;
    }

    private static Run run(ForwardPass model, NDManager root, KvCache cache, int batch, int prompt, int steps, boolean profile)
            throws Exception {
        return run(model, root, cache, batch, prompt, steps, profile, null);
    }

    /** One request's forward passes as {@link StaticBatch} runs them for equal prompts; the profiler covers the decode steps. */
    private static Run run(ForwardPass model, NDManager root, KvCache cache, int batch, int prompt, int steps, boolean profile,
                           Path trace) {
        int vocab = model.config().vocabSize();
        long[] next = new long[batch];
        int[] positions = new int[batch];
        long[] stepNanos = new long[steps];
        long[] stepCpuNanos = new long[steps];
        long start = System.nanoTime();
        long startCpu = THREADS.getCurrentThreadCpuTime();
        try (NDManager request = root.newSubManager()) {
            int rowsPerPass = Math.max(1, StaticBatch.PREFILL_TOKENS_PER_PASS / prompt);
            for (int firstRow = 0; firstRow < batch; firstRow += rowsPerPass) {
                int rows = Math.min(rowsPerPass, batch - firstRow);
                long[] ids = new long[rows * prompt];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = (i % prompt) * 7919L % vocab;
                }
                try (NDManager step = request.newSubManager()) {
                    NDArray logits = model.forward(step, ids, prompt, firstRow, new int[rows], cache);
                    System.arraycopy(StaticBatch.greedyTokens(logits), 0, next, firstRow, rows);
                }
            }
            Arrays.fill(positions, prompt);
            long prefillNanos = System.nanoTime() - start;
            long prefillCpuNanos = THREADS.getCurrentThreadCpuTime() - startCpu;
            if (profile) {
                JniUtils.startProfile(false, true, false);
            }
            long profiledStart = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                long t = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime();
                try (NDManager step = request.newSubManager()) {
                    NDArray logits = model.forward(step, next, 1, 0, positions, cache);
                    System.arraycopy(StaticBatch.greedyTokens(logits), 0, next, 0, batch);
                }
                for (int row = 0; row < batch; row++) {
                    positions[row]++;
                }
                stepNanos[s] = System.nanoTime() - t;
                stepCpuNanos[s] = THREADS.getCurrentThreadCpuTime() - cpu;
            }
            long decodeNanos = System.nanoTime() - profiledStart;
            if (profile) {
                JniUtils.stopProfile(trace.toString());
            }
            return new Run(prefillNanos, stepNanos, decodeNanos, prefillCpuNanos, stepCpuNanos);
        }
    }

    /** Top-level ops of the trace (not inside another op of the same thread), by name: count and time per step. */
    private static void printProfile(Path trace, int batch, int steps, Run run) throws Exception {
        JsonNode events = new ObjectMapper().readTree(trace.toFile());
        if (events.has("traceEvents")) {
            events = events.get("traceEvents");
        }
        List<JsonNode> ops = new ArrayList<>();
        for (JsonNode event : events) {
            if ("X".equals(event.path("ph").asText()) && event.has("dur")) {
                ops.add(event);
            }
        }
        ops.sort(Comparator.<JsonNode>comparingDouble(e -> e.get("ts").asDouble()).thenComparing(e -> -e.get("dur").asDouble()));
        Map<String, double[]> byName = new TreeMap<>();  // name -> {count, microseconds}
        Map<String, Double> openUntil = new TreeMap<>();  // thread -> end of the current top-level op
        double topMicros = 0;
        int topCount = 0;
        for (JsonNode op : ops) {
            String thread = op.path("tid").asText();
            double ts = op.get("ts").asDouble();
            double dur = op.get("dur").asDouble();
            if (ts < openUntil.getOrDefault(thread, Double.NEGATIVE_INFINITY)) {
                continue;  // inside a top-level op
            }
            if (op.get("name").asText().equals("forward")) {
                continue;  // the TorchScript module's call: the ops it runs count, as those DJL calls one by one do
            }
            openUntil.put(thread, ts + dur);
            String name = op.get("name").asText();
            if (name.equals("aten::matmul") || name.equals("aten::mm") || name.equals("aten::addmm_")) {  // products by shape: projections, head and attention differ a lot
                name += " " + op.path("shape").toString().replace("\"", "");
            }
            double[] entry = byName.computeIfAbsent(name, k -> new double[2]);
            entry[0]++;
            entry[1] += dur;
            topMicros += dur;
            topCount++;
        }
        double stepMs = run.decodeNanos / 1e6 / steps;
        System.out.printf("profile, batch %d: %.1f native ops and %.2f ms of them per decode step; profiled step %.2f ms, of it "
                + "outside ops (Java, DJL, JNI, profiler) %.2f ms%n", batch, (double) topCount / steps, topMicros / 1e3 / steps,
                stepMs, stepMs - topMicros / 1e3 / steps);
        byName.entrySet().stream().sorted(Comparator.comparingDouble(e -> -e.getValue()[1]))
                .forEach(e -> System.out.printf("  %-60s %6.1f ops/step %8.3f ms/step %7.1f us/op%n", e.getKey(),
                        e.getValue()[0] / steps, e.getValue()[1] / 1e3 / steps, e.getValue()[1] / e.getValue()[0]));
    }

    /**
     * The calibration's djl-pytorch products in the packed layout (every weight matrix of a step times {@code tokens}
     * activations, constant weights, {@link PackedProducts}), in this process: a step's time over theirs is the share of
     * the framework limit with both measured alike, round by round.
     */
    private record FrameworkProducts(NDManager manager, PackedProducts products, List<NDArray> packed, List<NDArray> inputs)
            implements AutoCloseable {

        static FrameworkProducts allocate(LlamaConfig config, int tokens, NDManager root) {
            NDManager manager = root.newSubManager();
            PackedProducts products = PackedProducts.compile(manager);
            List<NDArray> packed = new ArrayList<>();
            List<NDArray> inputs = new ArrayList<>();
            for (long[] shape : dev.tokenbench.calibrate.ModelProducts.of(config).shapes()) {
                try (NDArray weight = manager.full(new ai.djl.ndarray.types.Shape(shape), 0.001f)) {
                    packed.add(products.pack(weight, manager));
                }
                inputs.add(manager.full(new ai.djl.ndarray.types.Shape(tokens, shape[1]), 1f));
            }
            return new FrameworkProducts(manager, products, packed, inputs);
        }

        /** Median wall and CPU nanoseconds of {@code passes} passes over every product. */
        long[] time(int passes) {
            long[] wall = new long[passes];
            long[] cpu = new long[passes];
            for (int p = 0; p < passes; p++) {
                long start = System.nanoTime();
                long startCpu = THREADS.getCurrentThreadCpuTime();
                try (NDManager pass = manager.newSubManager()) {
                    for (int i = 0; i < packed.size(); i++) {
                        products.multiply(inputs.get(i), packed.get(i), pass);
                    }
                }
                wall[p] = System.nanoTime() - start;
                cpu[p] = THREADS.getCurrentThreadCpuTime() - startCpu;
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            return new long[] {wall[passes / 2], cpu[passes / 2]};
        }

        @Override
        public void close() {
            products.close();
            manager.close();
        }
    }

    private record Run(long prefillNanos, long[] stepNanos, long decodeNanos, long prefillCpuNanos, long[] stepCpuNanos) {
        long medianCpuStep() {
            long[] sorted = stepCpuNanos.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }

        long medianStep() {
            long[] sorted = stepNanos.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }

        long minStep() {
            return Arrays.stream(stepNanos).min().orElse(0);
        }

        long maxStep() {
            return Arrays.stream(stepNanos).max().orElse(0);
        }
    }
}
