package dev.tokenbench.sweep;

import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.engine.FakeModels;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelPreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Estimated wall seconds of one configuration (one round: all its forks, JVM starts included), for plans, ETAs
 * and cost-balanced shards.
 *
 * <p>The workload model: each fork starts a JVM and opens the engine, serves the setup warm-up (at least two
 * requests, topped up to about a second), then one request per JMH iteration (single-shot benchmarks) or
 * iterations of fixed time (prefill). A request is one prefill pass (2 x matrix parameters x B x P FLOPs plus
 * attention) and N - 1 decode steps, each bound by reading every F32 weight once or by its FLOPs, whichever is
 * slower, plus a fixed cost per pass and layer. llama.cpp keeps the B sequences in one KV cache and, with its default
 * {@code flash_attn=off}, multiplies every query with every filled cell of that cache (other sequences' cells are
 * masked after the product): its attention costs B x (B x context) query-cell pairs per decode step, growing as B squared
 * times the context, and its prompt micro-batches of {@value #LLAMA_CPP_UBATCH} tokens each attend every cell filled so
 * far. The rates are rough figures for a small x86 machine, good to a
 * factor of two, not measurements to quote; a previous run's timings, when given, replace the model for the
 * configurations they cover and scale it for the others.
 */
public final class CostModel {

    /**
     * A framework's rough costs on a small x86 machine (2 cores), from single-framework measurements of whole-model
     * products, decode steps and prefill passes at 1 and 16 tokens.
     *
     * @param openSeconds          JVM starts of the JMH host and fork, and opening the engine
     * @param bytesPerSecond       weight streaming rate: a decode step reads every weight once
     * @param prefillFlopsPerSecond matrix arithmetic rate over a whole prompt (large products)
     * @param decodeFlopsPerSecond matrix arithmetic rate of one decode step over the batch
     * @param stepSecondsPerLayer  fixed cost of one forward pass per layer (dispatch, kernel launches)
     * @param sharedCacheAttentionFlopsPerSecond for an engine whose B sequences share one KV cache that every query attends
     *                             whole (llama.cpp), the rate of that attention (4 x layers x dim FLOP per query and cell); 0
     *                             for engines that attend each sequence's own cells, whose attention is in the matrix rates
     */
    record Rates(double openSeconds, double bytesPerSecond, double prefillFlopsPerSecond, double decodeFlopsPerSecond,
                 double stepSecondsPerLayer, double sharedCacheAttentionFlopsPerSecond) {
    }

    /** llama.cpp's default micro-batch ({@code n_ubatch}): a prompt batch goes through attention in pieces of this many tokens. */
    static final int LLAMA_CPP_UBATCH = 512;

    private static final Map<String, Rates> RATES = Map.of(
            "djl-pytorch", new Rates(5.0, 13e9, 50e9, 28e9, 450e-6, 0),
            // Shared-cache attention: about 9 to 13 GFLOP/s on tiny and small at batch 16 (llama.cpp's decode at prompt 16 vs 128).
            "llama.cpp", new Rates(4.0, 21e9, 30e9, 16e9, 20e-6, 10e9),
            FakeEngine.FRAMEWORK, new Rates(3.0, 1e15, 1e15, 1e15, 0, 0));
    private static final Rates UNKNOWN_FRAMEWORK = RATES.get("djl-pytorch");
    /** The setup warm-up tops up to about this long after its two requests. */
    private static final double SETUP_WARMUP_SECONDS = 1.0;

    private final JmhSettings jmh;
    private final Map<String, Double> measuredSeconds;
    private final double scale;

    private CostModel(JmhSettings jmh, Map<String, Double> measuredSeconds, double scale) {
        this.jmh = jmh;
        this.measuredSeconds = Map.copyOf(measuredSeconds);
        this.scale = scale;
    }

    /** The workload model alone: the same on every machine, so every shard computes the same split. */
    public static CostModel of(JmhSettings jmh) {
        return new CostModel(jmh, Map.of(), 1.0);
    }

    /**
     * The workload model corrected by measured seconds per configuration id (a previous run's mean over rounds):
     * measured configurations take their own time, the others the model's times the ratio of measured to modelled
     * time over the measured ones.
     */
    public static CostModel withTimings(JmhSettings jmh, Collection<Configuration> configurations, Map<String, Double> measuredSeconds) {
        CostModel model = of(jmh);
        double measured = 0;
        double modelled = 0;
        for (Configuration configuration : configurations) {
            Double seconds = measuredSeconds.get(configuration.id());
            if (seconds != null) {
                measured += seconds;
                modelled += model.modelSeconds(configuration);
            }
        }
        double scale = measured > 0 && modelled > 0 ? measured / modelled : 1.0;
        return new CostModel(jmh, measuredSeconds, scale);
    }

    /** Whether measured timings stand behind this model. */
    public boolean fromTimings() {
        return !measuredSeconds.isEmpty();
    }

    /** Estimated seconds of one round of {@code configuration}. */
    public double estimateSeconds(Configuration configuration) {
        Double measured = measuredSeconds.get(configuration.id());
        return measured != null ? measured : modelSeconds(configuration) * scale;
    }

    /** Estimated seconds of a list of configurations, one round each. */
    public double estimateSeconds(List<Configuration> configurations) {
        return configurations.stream().mapToDouble(this::estimateSeconds).sum();
    }

    double modelSeconds(Configuration configuration) {
        Rates rates = RATES.getOrDefault(configuration.framework(), UNKNOWN_FRAMEWORK);
        double request = requestSeconds(configuration, rates);
        double setup = Math.max(2 * request, SETUP_WARMUP_SECONDS);
        double iterations;
        if (configuration.benchmark().singleShot()) {
            iterations = (jmh.warmupIterations() + jmh.measurementIterations()) * request;
        } else {
            // Time-boxed iterations; the benchmark's own 1 s warm-up and 2 s measured iterations when the spec says nothing.
            double warmup = jmh.iterationMillis().isPresent() ? jmh.iterationMillis().getAsLong() / 1000.0 : 1.0;
            double measured = jmh.iterationMillis().isPresent() ? jmh.iterationMillis().getAsLong() / 1000.0 : 2.0;
            iterations = jmh.warmupIterations() * Math.max(warmup, request) + jmh.measurementIterations() * Math.max(measured, request);
        }
        return jmh.forks() * (rates.openSeconds() + setup + iterations);
    }

    /** Estimated seconds of one request of {@code configuration}. */
    static double requestSeconds(Configuration configuration) {
        return requestSeconds(configuration, RATES.getOrDefault(configuration.framework(), UNKNOWN_FRAMEWORK));
    }

    private static double requestSeconds(Configuration configuration, Rates rates) {
        int batch = configuration.batchSize();
        int prompt = configuration.promptTokens();
        int newTokens = configuration.newTokens();
        if (configuration.framework().equals(FakeEngine.FRAMEWORK)) {
            FakeEngine.Timing timing = FakeModels.timing(configuration.model()).orElse(FakeEngine.Timing.ZERO);
            return (timing.prefillNanos() + timing.prefillNanosPerPromptToken() * prompt + timing.interTokenNanos() * (newTokens - 1)) / 1e9;
        }
        Shape shape = shape(configuration.model());
        double flopsPerPair = 4.0 * shape.layers * shape.dim;
        boolean sharedCache = rates.sharedCacheAttentionFlopsPerSecond() > 0;
        // Prefill: one pass over B x P tokens. Attention over each sequence's own P (P + 1) / 2 pairs (counted as P^2 / 2),
        // or for a shared cache every micro-batch against every cell filled so far.
        double prefill = 2.0 * shape.matrixParameters * batch * prompt / rates.prefillFlopsPerSecond() + shape.layers * rates.stepSecondsPerLayer();
        if (sharedCache) {
            double tokens = (double) batch * prompt;
            double pairs = 0;
            for (double filled = 0; filled < tokens; filled += LLAMA_CPP_UBATCH) {
                double piece = Math.min(LLAMA_CPP_UBATCH, tokens - filled);
                pairs += piece * (filled + piece);
            }
            prefill += flopsPerPair * pairs / rates.sharedCacheAttentionFlopsPerSecond();
        } else {
            prefill += 2.0 * shape.layers * shape.dim * (double) batch * prompt * prompt / rates.prefillFlopsPerSecond();
        }
        // Each decode step: every weight read once, or the batch's products, whichever is slower; attention over each
        // sequence's own context, or for a shared cache each of the B queries against all B x (P + step) cells.
        double decode = 0;
        for (int step = 1; step < newTokens; step++) {
            double context = prompt + step;
            double flops = 2.0 * shape.matrixParameters * batch + (sharedCache ? 0 : flopsPerPair * batch * context);
            decode += Math.max(4.0 * shape.matrixParameters / rates.bytesPerSecond(), flops / rates.decodeFlopsPerSecond())
                    + shape.layers * rates.stepSecondsPerLayer();
            if (sharedCache) {
                decode += flopsPerPair * batch * (batch * context) / rates.sharedCacheAttentionFlopsPerSecond();
            }
        }
        return prefill + decode;
    }

    /** Matrix parameters (every projection and the output head), layers and width of a model. */
    private record Shape(double matrixParameters, int layers, int dim) {
    }

    private static Shape shape(String model) {
        LlamaConfig config = ModelPreset.byName(model).map(ModelPreset::config).or(() -> readConfig(model))
                .orElse(ModelPreset.SMALL.config());
        int dim = config.hiddenSize();
        int kvDim = config.kvDim();
        double perLayer = 2.0 * dim * dim + 2.0 * dim * kvDim + 3.0 * dim * config.intermediateSize();
        return new Shape(perLayer * config.numHiddenLayers() + (double) config.vocabSize() * dim, config.numHiddenLayers(), dim);
    }

    private static Optional<LlamaConfig> readConfig(String model) {
        try {
            Path file = Path.of(model).resolve("config.json");
            return Files.isRegularFile(file) ? Optional.of(LlamaConfig.read(file)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
