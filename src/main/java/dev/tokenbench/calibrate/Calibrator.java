package dev.tokenbench.calibrate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.tokenbench.engine.djl.DjlPytorchEngine;
import dev.tokenbench.engine.djl.PackedProducts;
import dev.tokenbench.engine.llamacpp.GgmlProducts;
import dev.tokenbench.engine.llamacpp.LlamaCppEngine;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.ModelPreset;
import dev.tokenbench.model.gguf.GgufPrecision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures a {@link Calibration}: per thread count, the streaming bandwidth by every {@link StreamMethod} and the
 * F32 GEMM rate, and for each model given, its weight products through DJL's PyTorch at each token count and
 * {@link ProductLayout} (djl-pytorch's framework limit), and through llama.cpp's ggml at each GGUF precision asked
 * for ({@link GgmlProducts}: llama.cpp's framework limit). The machine part takes seconds; the products take a few
 * dozen trials of a forward step's weight products per model and framework.
 *
 * <pre>{@code
 * Calibration calibration = Calibrator.builder()
 *         .optThreads(List.of(1, 2))
 *         .optModel("base", ModelPreset.BASE.config())
 *         .build()
 *         .measure();
 * double bytesPerSecond = calibration.machineLimit(1).orElseThrow().bandwidthBytesPerSecond();
 * }</pre>
 *
 * <p>PyTorch's intra-op thread count is process-wide: it is set per figure and restored at the end, so do not
 * calibrate while a PyTorch engine serves requests in the same JVM.
 */
public final class Calibrator {

    /** The smallest buffer a stream reads; at least eight times the last-level cache is used when that is larger. */
    static final long MIN_STREAM_BYTES = 256L << 20;

    /** Tokens of a prefill pass in the model GEMM shapes: djl-pytorch's largest pass (its {@code StaticBatch}). */
    static final int PREFILL_PASS_TOKENS = 512;

    /** The layouts djl-pytorch's products are timed in. */
    private static final List<ProductLayout> DJL_LAYOUTS = List.of(ProductLayout.WEIGHT_FIRST, ProductLayout.LINEAR,
            ProductLayout.ONEDNN_PACKED);

    private final List<Integer> threadCounts;
    private final int warmUps;
    private final int trials;
    private final long streamBytes;
    private final List<Integer> gemmSizes;
    private final List<Integer> productTokens;
    private final List<GgufPrecision> llamaCppPrecisions;
    private final List<NamedModel> models;
    private final NanoClock clock;

    private Calibrator(Builder builder) {
        this.threadCounts = List.copyOf(builder.threadCounts);
        this.warmUps = builder.warmUps;
        this.trials = builder.trials;
        this.streamBytes = builder.streamBytes > 0 ? builder.streamBytes : defaultStreamBytes();
        this.gemmSizes = List.copyOf(builder.gemmSizes);
        this.productTokens = List.copyOf(builder.productTokens);
        this.llamaCppPrecisions = List.copyOf(builder.llamaCppPrecisions);
        this.models = List.copyOf(builder.models);
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs every figure and returns them. */
    public Calibration measure() {
        Instant start = Instant.now();
        ai.djl.engine.Engine.getEngine("PyTorch");
        int previousThreads = JniUtils.getNumThreads();
        TrialTimer timer = new TrialTimer(clock, warmUps, trials);
        List<StreamFigure> streams = new ArrayList<>();
        List<GemmFigure> gemms = new ArrayList<>();
        List<ProductsFigure> products = new ArrayList<>();
        try {
            measureJavaStreams(timer, streams);
            try (NDManager manager = NDManager.newBaseManager(ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice(), "PyTorch")) {
                measurePytorchSum(manager, timer, streams);
                measureGemm(manager, gemms);
            }
            for (NamedModel model : models) {
                measureProducts(model, timer, products);
            }
            for (NamedModel model : models) {
                for (GgufPrecision precision : llamaCppPrecisions) {
                    measureGgmlProducts(model, precision, timer, products);
                }
            }
        } finally {
            JniUtils.setNumThreads(previousThreads);
        }
        return new Calibration(Calibration.SCHEMA_VERSION, start, streams, gemms, products);
    }

    /** The direct buffer first, then the heap array: one buffer alive at a time. */
    private void measureJavaStreams(TrialTimer timer, List<StreamFigure> out) {
        measureDirectRead(JavaStreams.directBuffer(streamBytes), timer, out);
        measureHeapRead(JavaStreams.heapArray(streamBytes), timer, out);
    }

    private void measureDirectRead(ByteBuffer direct, TrialTimer timer, List<StreamFigure> out) {
        for (int threads : threadCounts) {
            try (JavaStreams reader = new JavaStreams(threads)) {
                out.add(new StreamFigure(StreamMethod.JAVA_DIRECT_READ, threads, streamBytes, timer.time(() -> reader.read(direct))));
            }
        }
    }

    private void measureHeapRead(long[] heap, TrialTimer timer, List<StreamFigure> out) {
        for (int threads : threadCounts) {
            try (JavaStreams reader = new JavaStreams(threads)) {
                out.add(new StreamFigure(StreamMethod.JAVA_HEAP_READ, threads, streamBytes, timer.time(() -> reader.read(heap))));
            }
        }
    }

    private void measurePytorchSum(NDManager manager, TrialTimer timer, List<StreamFigure> out) {
        try (NDArray buffer = manager.ones(new Shape(streamBytes / Float.BYTES), DataType.FLOAT32)) {
            for (int threads : threadCounts) {
                JniUtils.setNumThreads(threads);
                out.add(new StreamFigure(StreamMethod.PYTORCH_SUM, threads, streamBytes, timer.time(() -> {
                    try (NDArray sum = buffer.sum()) {
                        sum.getFloat();
                    }
                })));
            }
        }
    }

    /**
     * Every GEMM shape on every thread count, twice the trials of other figures (the peak is a best-of): the squares,
     * then per model its prefill products as the engine runs them, weight first by a pass of
     * {@link #PREFILL_PASS_TOKENS} tokens ({@code [dim x dim] . [dim x P]}, the o projection, and
     * {@code [2 ffn x dim] . [dim x P]}, gate|up).
     */
    private void measureGemm(NDManager manager, List<GemmFigure> out) {
        TrialTimer timer = new TrialTimer(clock, warmUps, 2 * trials);
        List<int[]> shapes = new ArrayList<>();
        for (int size : gemmSizes) {
            shapes.add(new int[] {size, size, size});
        }
        for (NamedModel model : models) {
            int dim = model.config().hiddenSize();
            shapes.add(new int[] {dim, dim, PREFILL_PASS_TOKENS});
            shapes.add(new int[] {2 * model.config().intermediateSize(), dim, PREFILL_PASS_TOKENS});
        }
        for (int[] shape : shapes) {
            try (NDArray a = manager.full(new Shape(shape[0], shape[1]), 0.5f); NDArray b = manager.full(new Shape(shape[1], shape[2]), 0.25f)) {
                for (int threads : threadCounts) {
                    JniUtils.setNumThreads(threads);
                    out.add(new GemmFigure(threads, shape[0], shape[1], shape[2], timer.time(() -> a.matMul(b).close())));
                }
            }
        }
    }

    private void measureProducts(NamedModel model, TrialTimer timer, List<ProductsFigure> out) {
        ModelProducts products = ModelProducts.of(model.config());
        try (NDManager manager = NDManager.newBaseManager(ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
             PackedProducts oneDnn = PackedProducts.compile(manager)) {
            List<NDArray> weights = new ArrayList<>();
            List<NDArray> packed = new ArrayList<>();
            for (long[] shape : products.shapes()) {
                NDArray weight = manager.full(new Shape(shape), 0.001f);
                weights.add(weight);
                packed.add(oneDnn.pack(weight, manager));
            }
            for (int tokens : productTokens) {
                for (int threads : threadCounts) {
                    JniUtils.setNumThreads(threads);
                    for (ProductLayout layout : DJL_LAYOUTS) {
                        try (NDManager activations = manager.newSubManager()) {
                            List<NDArray> inputs = new ArrayList<>();
                            for (NDArray weight : weights) {
                                long in = weight.getShape().get(1);
                                inputs.add(activations.full(layout == ProductLayout.WEIGHT_FIRST ? new Shape(in, tokens) : new Shape(tokens, in), 1f));
                            }
                            List<Long> nanos = timer.time(() -> {
                                for (int i = 0; i < weights.size(); i++) {
                                    multiply(layout, weights.get(i), packed.get(i), inputs.get(i), oneDnn, activations).close();
                                }
                            });
                            out.add(new ProductsFigure(DjlPytorchEngine.FRAMEWORK, model.name(), ProductsFigure.DEFAULT_PRECISION, layout, tokens, threads,
                                    products.weightBytes(), products.weightElements(), nanos));
                        }
                    }
                }
            }
        }
    }

    /**
     * llama.cpp's products of one model at one GGUF precision: the weights allocated once, one ggml graph per token
     * count, timed on every thread count. The weights are freed before the next precision's are allocated.
     */
    private void measureGgmlProducts(NamedModel model, GgufPrecision precision, TrialTimer timer, List<ProductsFigure> out) {
        try (GgmlProducts products = GgmlProducts.allocate(model.config(), precision)) {
            for (int tokens : productTokens) {
                try (GgmlProducts.Step step = products.step(tokens)) {
                    for (int threads : threadCounts) {
                        List<Long> nanos = timer.time(() -> step.compute(threads));
                        out.add(new ProductsFigure(LlamaCppEngine.FRAMEWORK, model.name(), precision.label(), ProductLayout.GGML, tokens,
                                threads, products.weightBytes(), products.weightElements(), nanos));
                    }
                }
            }
        }
    }

    private static NDArray multiply(ProductLayout layout, NDArray weight, NDArray packed, NDArray input, PackedProducts oneDnn,
                                    NDManager manager) {
        return switch (layout) {
            case WEIGHT_FIRST -> weight.matMul(input);
            case LINEAR -> JniUtils.linear((PtNDArray) input, (PtNDArray) weight, null);
            case ONEDNN_PACKED -> oneDnn.multiply(input, packed, manager);
            case GGML -> throw new IllegalArgumentException("ggml products are llama.cpp's, not PyTorch's");
        };
    }

    /** Eight times the last-level cache (from sysfs), and at least {@link #MIN_STREAM_BYTES}. */
    static long defaultStreamBytes() {
        return Math.max(MIN_STREAM_BYTES, 8 * lastLevelCacheBytes(Path.of("/sys/devices/system/cpu/cpu0/cache")));
    }

    /** The largest cache size under a sysfs cache folder ({@code index*}/{@code size}, e.g. "32768K"); 0 if unknown. */
    static long lastLevelCacheBytes(Path cacheFolder) {
        long largest = 0;
        try (var entries = Files.list(cacheFolder)) {
            for (Path index : entries.filter(path -> path.getFileName().toString().startsWith("index")).toList()) {
                Path size = index.resolve("size");
                if (Files.isReadable(size)) {
                    largest = Math.max(largest, parseCacheSize(Files.readString(size).trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return largest;
        }
        return largest;
    }

    /** "32768K", "2M", "512" as bytes. */
    static long parseCacheSize(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        long unit = upper.endsWith("K") ? 1L << 10 : upper.endsWith("M") ? 1L << 20 : upper.endsWith("G") ? 1L << 30 : 1;
        String digits = unit == 1 ? upper : upper.substring(0, upper.length() - 1);
        return Long.parseLong(digits) * unit;
    }

    /** A model to measure the products of, under the name a report groups rows by (a preset name or a folder). */
    public record NamedModel(String name, LlamaConfig config) {
        public NamedModel {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(config, "config");
        }

        /**
         * The model a benchmark's {@code model} parameter names: a preset's shape, or the {@code config.json} of a
         * folder the model cache resolves (generating nothing for a preset).
         *
         * @throws IOException when the name is neither a preset nor a readable model folder
         */
        public static NamedModel resolve(String model) throws IOException {
            Optional<ModelPreset> preset = ModelPreset.byName(model);
            if (preset.isPresent()) {
                return new NamedModel(model, preset.get().config());
            }
            return new NamedModel(model, LlamaConfig.read(ModelCache.defaultCache().resolve(model).resolve("config.json")));
        }
    }

    /** Settings: all optional. */
    public static final class Builder {
        private List<Integer> threadCounts = List.of(1);
        private int warmUps = 2;
        private int trials = 7;
        private long streamBytes;
        private List<Integer> gemmSizes = List.of(512, 1024, 1536);
        private List<Integer> productTokens = List.of(1, 16);
        private List<GgufPrecision> llamaCppPrecisions = List.of(GgufPrecision.F32);
        private final List<NamedModel> models = new ArrayList<>();
        private NanoClock clock = NanoClock.system();

        private Builder() {
        }

        /** Thread counts to measure every figure on (default 1). */
        public Builder optThreads(List<Integer> threadCounts) {
            if (threadCounts.isEmpty() || threadCounts.stream().anyMatch(threads -> threads < 1)) {
                throw new IllegalArgumentException("thread counts must be >= 1 and at least one, was " + threadCounts);
            }
            this.threadCounts = List.copyOf(threadCounts);
            return this;
        }

        /** Measured trials per figure (default 7) after {@code warmUps} unmeasured ones (default 2). */
        public Builder optTrials(int warmUps, int trials) {
            if (warmUps < 0 || trials < 1) {
                throw new IllegalArgumentException("need warm-ups >= 0 and trials >= 1, was " + warmUps + " and " + trials);
            }
            this.warmUps = warmUps;
            this.trials = trials;
            return this;
        }

        /** Bytes each stream reads per trial (default: 8 x the last-level cache, at least 256 MiB); a multiple of 64. */
        public Builder optStreamBytes(long streamBytes) {
            if (streamBytes < 64 || streamBytes % 64 != 0 || streamBytes > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("stream bytes must be a multiple of 64 up to 1 GiB, was " + streamBytes);
            }
            this.streamBytes = streamBytes;
            return this;
        }

        /** Sides of the square GEMMs (default 512, 1024 and 1536); each model adds its prefill shapes. */
        public Builder optGemmSizes(List<Integer> gemmSizes) {
            if (gemmSizes.stream().anyMatch(size -> size < 1)) {
                throw new IllegalArgumentException("GEMM sizes must be >= 1, was " + gemmSizes);
            }
            this.gemmSizes = List.copyOf(gemmSizes);
            return this;
        }

        /** Token counts the products are measured at (default 1 and 16: batch-1 and batch-16 decode steps). */
        public Builder optProductTokens(List<Integer> productTokens) {
            if (productTokens.stream().anyMatch(tokens -> tokens < 1)) {
                throw new IllegalArgumentException("token counts must be >= 1, was " + productTokens);
            }
            this.productTokens = List.copyOf(productTokens);
            return this;
        }

        /**
         * GGUF precisions at which llama.cpp's products of every model are measured through ggml (default
         * {@code f32}; empty: djl-pytorch's products only).
         */
        public Builder optLlamaCppPrecisions(List<GgufPrecision> precisions) {
            this.llamaCppPrecisions = List.copyOf(precisions);
            return this;
        }

        /** Adds a model whose weight products are measured (none by default: the machine part only). */
        public Builder optModel(String name, LlamaConfig config) {
            models.add(new NamedModel(name, config));
            return this;
        }

        /** Adds a model whose weight products are measured. */
        public Builder optModel(NamedModel model) {
            models.add(Objects.requireNonNull(model, "model"));
            return this;
        }

        /** The clock trials are timed with (default {@link NanoClock#system()}). */
        public Builder optClock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Calibrator build() {
            return new Calibrator(this);
        }
    }
}
