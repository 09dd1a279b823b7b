package dev.tokenbench.engine.llamacpp;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The part of ggml's C API ({@code ggml/include/ggml.h} and {@code ggml-cpu.h} at llama.cpp tag b4916) that
 * {@link GgmlProducts} uses to time llama.cpp's own matrix products: the same {@code libjllama.so} exports it beside
 * llama.cpp's API, and {@link NativeRuntime#load()} binds it with JNA direct mapping. {@code size_t} and
 * {@code int64_t} are Java {@code long}, enums are {@code int}, C {@code bool} is one byte.
 */
final class GgmlLibrary {

    private GgmlLibrary() {
    }

    /** {@code GGML_STATUS_SUCCESS}. */
    static final int STATUS_SUCCESS = 0;

    /** {@code struct ggml_init_params}: the arena a context allocates its tensors, graphs and data from. */
    @Structure.FieldOrder({"mem_size", "mem_buffer", "no_alloc"})
    public static class InitParams extends Structure implements Structure.ByValue {
        public long mem_size;
        public Pointer mem_buffer;
        public byte no_alloc;
    }

    /**
     * {@code struct ggml_cplan}: what {@code ggml_graph_plan} computes for a graph and thread count; the caller
     * provides {@code work_data} of {@code work_size} bytes.
     */
    @Structure.FieldOrder({"work_size", "work_data", "n_threads", "threadpool", "abort_callback", "abort_callback_data"})
    public static class ComputePlan extends Structure {
        public long work_size;
        public Pointer work_data;
        public int n_threads;
        public Pointer threadpool;
        public Pointer abort_callback;
        public Pointer abort_callback_data;

        /** The by-value form {@code ggml_graph_plan} returns. */
        public static class ByValue extends ComputePlan implements Structure.ByValue {
        }
    }

    /** Initializes ggml's CPU tables (F16 conversion); idempotent. */
    static native void ggml_cpu_init();

    static native Pointer ggml_init(InitParams params);

    static native void ggml_free(Pointer context);

    /** Bytes a context needs per tensor beyond its data (object header and tensor struct). */
    static native long ggml_tensor_overhead();

    /** Bytes a context needs for a graph of the default size ({@code GGML_DEFAULT_GRAPH_SIZE} nodes). */
    static native long ggml_graph_overhead();

    /** Bytes of a row of {@code elements} elements of {@code type}. */
    static native long ggml_row_size(int type, long elements);

    static native Pointer ggml_new_tensor_2d(Pointer context, int type, long ne0, long ne1);

    static native long ggml_nbytes(Pointer tensor);

    static native Pointer ggml_get_data(Pointer tensor);

    /** {@code a [K, M]} (ggml order: K elements per row, M rows) times {@code b [K, N]}: an F32 {@code [M, N]}. */
    static native Pointer ggml_mul_mat(Pointer context, Pointer a, Pointer b);

    static native Pointer ggml_new_graph(Pointer context);

    static native void ggml_build_forward_expand(Pointer graph, Pointer tensor);

    static native int ggml_graph_n_nodes(Pointer graph);

    static native ComputePlan.ByValue ggml_graph_plan(Pointer graph, int nThreads, Pointer threadpool);

    static native int ggml_graph_compute(Pointer graph, ComputePlan plan);
}
