package dev.tokenbench.engine.llamacpp;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.gguf.GgmlType;
import dev.tokenbench.model.gguf.GgufPrecision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * llama.cpp's own weight products, timed through ggml (the library llama.cpp computes with, in the same
 * {@code libjllama.so}): every weight matrix a forward step of a LLaMA-family model multiplies, as llama.cpp holds it
 * at a GGUF precision (per layer {@code attn_q}, {@code attn_k}, {@code attn_v}, {@code attn_output},
 * {@code ffn_gate}, {@code ffn_up}, {@code ffn_down}, then the head: {@code output}, or {@code token_embd} when tied),
 * each {@code ggml_mul_mat}-ed with the F32 activations of T tokens in one ggml graph, computed by
 * {@code ggml_graph_compute} on n threads as llama.cpp's CPU backend computes its graphs. Nothing else of a forward
 * step is in the graph, so the time of one {@link Step#compute(int)} is the least any llama.cpp decode step of T
 * tokens can take: its framework limit.
 *
 * <p>The weights are not the model's: ggml's matrix kernels take as long whatever the values (no branch on data,
 * no sparsity), as long as they are ordinary numbers. So every matrix is filled from a seeded random source with
 * values uniform in [-1, 1), encoded as llama.cpp stores them ({@link GgmlType#encodeRow}: F32, F16, or Q8_0 blocks
 * whose F16 scale is finite and normal), never with raw random bytes, which would hold NaNs, infinities and
 * subnormals. Each matrix repeats a band of {@value #PATTERN_ROWS} distinct rows; the activations are filled the
 * same way in F32.
 *
 * <p>Native memory: one ggml context holds the weights (their bytes at the precision, as llama.cpp's model does);
 * each {@link Step} has its own context for its activations, results and graph. Close every step before the
 * products (contexts are freed in the reverse order of their creation); closing the products closes any step left
 * open.
 *
 * <pre>{@code
 * try (GgmlProducts products = GgmlProducts.allocate(config, GgufPrecision.F32);
 *      GgmlProducts.Step step = products.step(16)) {
 *     step.compute(1); // one decode step's products of 16 tokens on 1 thread
 * }
 * }</pre>
 */
public final class GgmlProducts implements AutoCloseable {

    /** Distinct rows per matrix; the rest of the matrix repeats them. */
    static final int PATTERN_ROWS = 16;
    /** Bytes a context reserves beyond what its tensors and graph need. */
    private static final long CONTEXT_SLACK_BYTES = 1 << 16;
    /** Bytes added per tensor for its data's alignment in the context. */
    private static final long TENSOR_ALIGNMENT_BYTES = 64;

    private final List<Matrix> matrices;
    private final Pointer context;
    private final List<Pointer> weights;
    private final List<Step> openSteps = new ArrayList<>();
    private boolean closed;

    private GgmlProducts(List<Matrix> matrices, Pointer context, List<Pointer> weights) {
        this.matrices = matrices;
        this.context = context;
        this.weights = weights;
    }

    /**
     * One weight matrix as llama.cpp multiplies it.
     *
     * @param name    the GGUF tensor name
     * @param rows    output features (ggml's {@code ne1})
     * @param columns input features, elements per row (ggml's {@code ne0})
     * @param type    the type it is stored in
     */
    public record Matrix(String name, long rows, long columns, GgmlType type) {
        public Matrix {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** Bytes of the matrix in its type: what one product reads of it. */
        public long bytes() {
            return rows * (columns / type.blockElements()) * type.blockBytes();
        }

        public long elements() {
            return rows * columns;
        }
    }

    /**
     * The matrices of one forward step of a model of this shape at {@code precision}, in forward order, with the
     * types {@code model convert} writes them in ({@link GgufPrecision#matrixType(long)}).
     */
    public static List<Matrix> matrices(LlamaConfig config, GgufPrecision precision) {
        long dim = config.hiddenSize();
        long kvDim = config.kvDim();
        long ffn = config.intermediateSize();
        List<Matrix> out = new ArrayList<>();
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            String blk = "blk." + layer + ".";
            out.add(matrix(blk + "attn_q.weight", dim, dim, precision));
            out.add(matrix(blk + "attn_k.weight", kvDim, dim, precision));
            out.add(matrix(blk + "attn_v.weight", kvDim, dim, precision));
            out.add(matrix(blk + "attn_output.weight", dim, dim, precision));
            out.add(matrix(blk + "ffn_gate.weight", ffn, dim, precision));
            out.add(matrix(blk + "ffn_up.weight", ffn, dim, precision));
            out.add(matrix(blk + "ffn_down.weight", dim, ffn, precision));
        }
        out.add(matrix(config.tieWordEmbeddings() ? "token_embd.weight" : "output.weight", config.vocabSize(), dim, precision));
        return List.copyOf(out);
    }

    private static Matrix matrix(String name, long rows, long columns, GgufPrecision precision) {
        return new Matrix(name, rows, columns, precision.matrixType(columns));
    }

    /**
     * Loads ggml (llama.cpp's native library) and allocates and fills the weights of {@link #matrices} in a ggml
     * context.
     *
     * @throws IllegalStateException when ggml cannot allocate the context
     */
    public static GgmlProducts allocate(LlamaConfig config, GgufPrecision precision) {
        NativeRuntime.load();
        GgmlLibrary.ggml_cpu_init();
        List<Matrix> matrices = matrices(config, precision);
        long bytes = CONTEXT_SLACK_BYTES;
        for (Matrix matrix : matrices) {
            bytes += GgmlLibrary.ggml_tensor_overhead() + matrix.bytes() + TENSOR_ALIGNMENT_BYTES;
        }
        Pointer context = newContext(bytes, "the weights of " + matrices.size() + " matrices");
        List<Pointer> weights = new ArrayList<>(matrices.size());
        SplittableRandom random = new SplittableRandom(42);
        for (Matrix matrix : matrices) {
            Pointer tensor = GgmlLibrary.ggml_new_tensor_2d(context, matrix.type().id(), matrix.columns(), matrix.rows());
            fill(tensor, matrix.type(), matrix.columns(), matrix.rows(), random);
            weights.add(tensor);
        }
        return new GgmlProducts(matrices, context, weights);
    }

    /** The matrices whose products a step computes. */
    public List<Matrix> matrices() {
        return matrices;
    }

    /** Bytes of all weight matrices: what a step reads of them (llama.cpp's {@code step.weight_bytes}). */
    public long weightBytes() {
        return matrices.stream().mapToLong(Matrix::bytes).sum();
    }

    /** Elements of all weight matrices: each is multiplied once per token. */
    public long weightElements() {
        return matrices.stream().mapToLong(Matrix::elements).sum();
    }

    /**
     * A graph of every matrix's product with the F32 activations of {@code tokens} tokens, in a context of its own.
     *
     * @throws IllegalArgumentException when {@code tokens < 1}
     */
    public Step step(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be >= 1, was " + tokens);
        }
        checkOpen();
        long bytes = CONTEXT_SLACK_BYTES + GgmlLibrary.ggml_graph_overhead();
        for (Matrix matrix : matrices) {
            bytes += 2 * (GgmlLibrary.ggml_tensor_overhead() + TENSOR_ALIGNMENT_BYTES) + (matrix.columns() + matrix.rows()) * tokens * Float.BYTES;
        }
        Pointer stepContext = newContext(bytes, "the activations of " + tokens + " tokens");
        SplittableRandom random = new SplittableRandom(tokens);
        Pointer graph = GgmlLibrary.ggml_new_graph(stepContext);
        List<Pointer> inputs = new ArrayList<>(matrices.size());
        List<Pointer> results = new ArrayList<>(matrices.size());
        for (int i = 0; i < matrices.size(); i++) {
            Matrix matrix = matrices.get(i);
            Pointer activations = GgmlLibrary.ggml_new_tensor_2d(stepContext, GgmlType.F32.id(), matrix.columns(), tokens);
            fill(activations, GgmlType.F32, matrix.columns(), tokens, random);
            // y [rows, tokens] = W [columns, rows] x activations [columns, tokens], as llama.cpp's ggml_mul_mat(w, cur)
            Pointer product = GgmlLibrary.ggml_mul_mat(stepContext, weights.get(i), activations);
            GgmlLibrary.ggml_build_forward_expand(graph, product);
            inputs.add(activations);
            results.add(product);
        }
        Step step = new Step(stepContext, graph, tokens, inputs, results);
        openSteps.add(step);
        return step;
    }

    /** Frees every open step's context (newest first), then the weights' context. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (int i = openSteps.size() - 1; i >= 0; i--) {
            openSteps.get(i).close();
        }
        GgmlLibrary.ggml_free(context);
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("these ggml products are closed");
        }
    }

    private static Pointer newContext(long bytes, String what) {
        GgmlLibrary.InitParams params = new GgmlLibrary.InitParams();
        params.mem_size = bytes;
        params.mem_buffer = null;
        params.no_alloc = 0;
        Pointer context = GgmlLibrary.ggml_init(params);
        if (context == null) {
            throw new IllegalStateException("ggml_init could not allocate " + bytes + " bytes for " + what);
        }
        return context;
    }

    /**
     * Fills a {@code [columns, rows]} tensor: {@value #PATTERN_ROWS} rows of values uniform in [-1, 1), encoded in
     * {@code type}, repeated over all rows.
     */
    private static void fill(Pointer tensor, GgmlType type, long columns, long rows, SplittableRandom random) {
        int patternRows = (int) Math.min(rows, PATTERN_ROWS);
        int rowBytes = Math.toIntExact((columns / type.blockElements()) * type.blockBytes());
        ByteBuffer pattern = ByteBuffer.allocate(rowBytes * patternRows).order(ByteOrder.LITTLE_ENDIAN);
        float[] row = new float[Math.toIntExact(columns)];
        for (int r = 0; r < patternRows; r++) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (2 * random.nextDouble() - 1);
            }
            type.encodeRow(row, pattern);
        }
        byte[] bytes = pattern.array();
        Pointer data = GgmlLibrary.ggml_get_data(tensor);
        long total = GgmlLibrary.ggml_nbytes(tensor);
        if (total != rows * rowBytes) {
            throw new IllegalStateException("ggml holds " + total + " bytes for a " + type.ggmlName() + " [" + columns + ", " + rows
                    + "] tensor, expected " + rows * rowBytes);
        }
        for (long offset = 0; offset < total; offset += bytes.length) {
            data.write(offset, bytes, 0, (int) Math.min(bytes.length, total - offset));
        }
    }

    /** The products of every matrix with the activations of a number of tokens: one graph, computed per trial. */
    public final class Step implements AutoCloseable {
        private final Pointer stepContext;
        private final Pointer graph;
        private final int tokens;
        private final List<Pointer> inputs;
        private final List<Pointer> results;
        private Memory work;
        private boolean stepClosed;

        private Step(Pointer stepContext, Pointer graph, int tokens, List<Pointer> inputs, List<Pointer> results) {
            this.stepContext = stepContext;
            this.graph = graph;
            this.tokens = tokens;
            this.inputs = inputs;
            this.results = results;
        }

        /** Tokens per product (the columns of every activation). */
        public int tokens() {
            return tokens;
        }

        /** Nodes of the graph: one {@code mul_mat} per matrix. */
        public int nodes() {
            return GgmlLibrary.ggml_graph_n_nodes(graph);
        }

        /**
         * Computes every product once on {@code threads} threads: {@code ggml_graph_plan}, then
         * {@code ggml_graph_compute}, as llama.cpp's CPU backend runs a graph (its work buffer is allocated once and
         * reused, grown when a plan needs more).
         *
         * @throws IllegalStateException when ggml reports a failure
         */
        public void compute(int threads) {
            if (stepClosed) {
                throw new IllegalStateException("this ggml step is closed");
            }
            GgmlLibrary.ComputePlan.ByValue planned = GgmlLibrary.ggml_graph_plan(graph, threads, null);
            if (planned.n_threads != threads) {
                throw new IllegalStateException("ggml_graph_plan planned " + planned.n_threads + " threads for " + threads
                        + ": struct ggml_cplan does not have the layout of llama.cpp b4916");
            }
            if (planned.work_size > 0 && (work == null || work.size() < planned.work_size)) {
                work = new Memory(planned.work_size);
            }
            GgmlLibrary.ComputePlan plan = new GgmlLibrary.ComputePlan();
            plan.work_size = planned.work_size;
            plan.work_data = planned.work_size > 0 ? work : null;
            plan.n_threads = planned.n_threads;
            plan.threadpool = planned.threadpool;
            plan.abort_callback = planned.abort_callback;
            plan.abort_callback_data = planned.abort_callback_data;
            int status = GgmlLibrary.ggml_graph_compute(graph, plan);
            if (status != GgmlLibrary.STATUS_SUCCESS) {
                throw new IllegalStateException("ggml_graph_compute returned status " + status);
            }
        }

        /** The F32 result of matrix {@code index} after {@link #compute}: {@code rows} values per token, token by token. */
        float[] result(int index) {
            return floats(results.get(index));
        }

        /** The F32 activations matrix {@code index} is multiplied by: {@code columns} values per token. */
        float[] activations(int index) {
            return floats(inputs.get(index));
        }

        private float[] floats(Pointer tensor) {
            float[] out = new float[Math.toIntExact(GgmlLibrary.ggml_nbytes(tensor) / Float.BYTES)];
            GgmlLibrary.ggml_get_data(tensor).read(0, out, 0, out.length);
            return out;
        }

        /** The weight of matrix {@code index} as ggml holds it (its type's bytes), for checks. */
        byte[] weightBytes(int index) {
            Pointer tensor = weights.get(index);
            return GgmlLibrary.ggml_get_data(tensor).getByteArray(0, Math.toIntExact(GgmlLibrary.ggml_nbytes(tensor)));
        }

        /** Frees the step's context (activations, results, graph) and its work buffer. */
        @Override
        public void close() {
            if (stepClosed) {
                return;
            }
            GgmlLibrary.ggml_free(stepContext);
            if (work != null) {
                work.close();
            }
            stepClosed = true;
            openSteps.remove(this);
        }
    }
}
