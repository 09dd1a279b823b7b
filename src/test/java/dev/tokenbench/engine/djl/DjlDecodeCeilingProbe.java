package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.model.LlamaConfig;
import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * Hand-run measurement (not a test): djl-pytorch's decode step against its framework ceiling, in one process on a
 * shared machine. After a 128-token prefill of B equal rows, each of 16 decode steps is followed by the same
 * weight products alone (every projection and the head times B columns, as the calibration's framework limit
 * measures them), so both see the same machine load; per round it prints the median step time, the median
 * products time, and their ratio (the share of the framework limit the engine reaches).
 *
 * <pre>
 * mvn -B -q -o test-compile
 * java -Dai.djl.offline=true -Dtokenbench.home=/tmp/tbhome -cp target/test-classes:target/benchmarks.jar \
 *     dev.tokenbench.engine.djl.DjlDecodeCeilingProbe base 1 8
 * </pre>
 */
final class DjlDecodeCeilingProbe {

    private static final int PROMPT_TOKENS = 128;
    private static final int STEPS = 16;

    private DjlDecodeCeilingProbe() {
    }

    public static void main(String[] args) throws Exception {
        String model = args[0];
        int batch = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        EngineOptions options = EngineOptions.builder().setModel(model).optThreads(1).optMaxBatchSize(batch)
                .optMaxSequenceTokens(PROMPT_TOKENS + STEPS).build();
        try (DjlPytorchEngine engine = (DjlPytorchEngine) EngineRegistry.open(DjlPytorchEngine.FRAMEWORK, options)) {
            LlamaModel llama = (LlamaModel) field("model").get(engine);
            NDManager weightsManager = (NDManager) field("weightsManager").get(engine);
            LlamaConfig config = llama.config();
            double[] stepMillis = new double[rounds];
            double[] productsMillis = new double[rounds];
            double[] shares = new double[rounds];
            try (KvCache cache = KvCache.allocate(weightsManager, config, batch, PROMPT_TOKENS + STEPS)) {
                long[] prompt = new long[batch * PROMPT_TOKENS];
                Arrays.setAll(prompt, i -> (i * 31L + 7) % config.vocabSize());
                try (NDManager step = weightsManager.newSubManager()) {
                    llama.forward(step, prompt, PROMPT_TOKENS, 0, new int[batch], cache);
                }
                for (int round = 0; round < rounds; round++) {
                    int[] positions = new int[batch];
                    Arrays.fill(positions, PROMPT_TOKENS);
                    long[] next = new long[batch];
                    long[] stepNanos = new long[STEPS];
                    long[] productNanos = new long[STEPS];
                    for (int s = 0; s < STEPS; s++) {
                        long start = System.nanoTime();
                        try (NDManager step = weightsManager.newSubManager()) {
                            next = llama.forward(step, next, 1, 0, positions, cache).argMax(1).toLongArray();
                        }
                        long middle = System.nanoTime();
                        products(llama.weights(), config, batch, weightsManager);
                        long end = System.nanoTime();
                        stepNanos[s] = middle - start;
                        productNanos[s] = end - middle;
                        for (int row = 0; row < batch; row++) {
                            positions[row]++;
                        }
                    }
                    stepMillis[round] = median(stepNanos) / 1e6;
                    productsMillis[round] = median(productNanos) / 1e6;
                    shares[round] = productsMillis[round] / stepMillis[round];
                    System.out.printf("%s batch %d round %d: step %.2f ms, products %.2f ms, products / step %.3f%n",
                            model, batch, round, stepMillis[round], productsMillis[round], shares[round]);
                }
            }
            Arrays.sort(shares);
            System.out.printf("%s batch %d: products / step over %d rounds: median %.3f, min %.3f, max %.3f%n",
                    model, batch, rounds, shares[rounds / 2], shares[0], shares[rounds - 1]);
        }
    }

    /** Every projection and the head times {@code batch} columns, as the calibration's framework limit measures them. */
    private static void products(LlamaWeights weights, LlamaConfig config, int batch, NDManager parent) {
        try (NDManager manager = parent.newSubManager()) {
            NDArray x = manager.ones(new Shape(config.hiddenSize(), batch));
            NDArray hidden = manager.ones(new Shape(config.intermediateSize(), batch));
            for (LlamaWeights.LayerWeights layer : weights.layers()) {
                layer.qkv().matMul(x).close();
                layer.attentionOutput().matMul(x).close();
                layer.gateUp().matMul(x).close();
                layer.down().matMul(hidden).close();
            }
            weights.output().matMul(x).close();
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field field = DjlPytorchEngine.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
