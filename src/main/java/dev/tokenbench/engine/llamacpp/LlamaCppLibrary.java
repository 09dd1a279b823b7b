package dev.tokenbench.engine.llamacpp;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The part of llama.cpp's C API ({@code include/llama.h} at tag b4916, the build inside de.kherud:llama 4.2.0) that
 * the engine uses, bound with JNA direct mapping: static natives registered by {@link NativeRuntime#library()} on
 * the extracted {@code libjllama.so}.
 *
 * <p>The structures mirror that tag's declarations field by field; {@code LlamaCppLibraryTest} checks them against
 * the library's own defaults ({@code llama_context_default_params()} and {@code llama_model_default_params()}), so a
 * library with another layout fails a test instead of reading garbage. Booleans are C {@code bool} (one byte).
 */
final class LlamaCppLibrary {

    private LlamaCppLibrary() {
    }

    /** {@code ggml_log_level}: the levels a log callback receives. */
    static final int LOG_LEVEL_ERROR = 4;
    /** {@code GGML_LOG_LEVEL_CONT}: continues the previous message. */
    static final int LOG_LEVEL_CONT = 5;
    /** {@code ggml_type}: F32 and F16, for the KV cache's {@code type_k} and {@code type_v}. */
    static final int GGML_TYPE_F32 = 0;
    static final int GGML_TYPE_F16 = 1;

    /** {@code struct llama_model_params} (b4916: no tensor_buft_overrides yet). */
    @Structure.FieldOrder({"devices", "n_gpu_layers", "split_mode", "main_gpu", "tensor_split", "progress_callback",
            "progress_callback_user_data", "kv_overrides", "vocab_only", "use_mmap", "use_mlock", "check_tensors"})
    public static class ModelParams extends Structure implements Structure.ByValue {
        public Pointer devices;
        public int n_gpu_layers;
        public int split_mode;
        public int main_gpu;
        public Pointer tensor_split;
        public Pointer progress_callback;
        public Pointer progress_callback_user_data;
        public Pointer kv_overrides;
        public byte vocab_only;
        public byte use_mmap;
        public byte use_mlock;
        public byte check_tensors;
    }

    /** {@code struct llama_context_params}. */
    @Structure.FieldOrder({"n_ctx", "n_batch", "n_ubatch", "n_seq_max", "n_threads", "n_threads_batch", "rope_scaling_type",
            "pooling_type", "attention_type", "rope_freq_base", "rope_freq_scale", "yarn_ext_factor", "yarn_attn_factor",
            "yarn_beta_fast", "yarn_beta_slow", "yarn_orig_ctx", "defrag_thold", "cb_eval", "cb_eval_user_data", "type_k",
            "type_v", "logits_all", "embeddings", "offload_kqv", "flash_attn", "no_perf", "abort_callback",
            "abort_callback_data"})
    public static class ContextParams extends Structure implements Structure.ByValue {
        public int n_ctx;
        public int n_batch;
        public int n_ubatch;
        public int n_seq_max;
        public int n_threads;
        public int n_threads_batch;
        public int rope_scaling_type;
        public int pooling_type;
        public int attention_type;
        public float rope_freq_base;
        public float rope_freq_scale;
        public float yarn_ext_factor;
        public float yarn_attn_factor;
        public float yarn_beta_fast;
        public float yarn_beta_slow;
        public int yarn_orig_ctx;
        public float defrag_thold;
        public Pointer cb_eval;
        public Pointer cb_eval_user_data;
        public int type_k;
        public int type_v;
        public byte logits_all;
        public byte embeddings;
        public byte offload_kqv;
        public byte flash_attn;
        public byte no_perf;
        public Pointer abort_callback;
        public Pointer abort_callback_data;
    }

    /**
     * {@code struct llama_batch}: n_tokens, then one array per field, each of at least n_tokens entries (token ids,
     * no embeddings, positions, sequence-id counts, sequence-id arrays, output flags).
     */
    @Structure.FieldOrder({"n_tokens", "token", "embd", "pos", "n_seq_id", "seq_id", "logits"})
    public static class Batch extends Structure implements Structure.ByValue {
        public int n_tokens;
        public Pointer token;
        public Pointer embd;
        public Pointer pos;
        public Pointer n_seq_id;
        public Pointer seq_id;
        public Pointer logits;
    }

    /** {@code struct llama_perf_context_data} (b4916: no n_reused yet). */
    @Structure.FieldOrder({"t_start_ms", "t_load_ms", "t_p_eval_ms", "t_eval_ms", "n_p_eval", "n_eval"})
    public static class PerfContextData extends Structure implements Structure.ByValue {
        public double t_start_ms;
        public double t_load_ms;
        public double t_p_eval_ms;
        public double t_eval_ms;
        public int n_p_eval;
        public int n_eval;
    }

    /** {@code ggml_log_callback}: {@code void (*)(enum ggml_log_level level, const char * text, void * user_data)}. */
    interface LogCallback extends Callback {
        void invoke(int level, Pointer text, Pointer userData);
    }

    static native void llama_backend_init();

    static native void llama_log_set(LogCallback callback, Pointer userData);

    static native String llama_print_system_info();

    static native ModelParams llama_model_default_params();

    static native ContextParams llama_context_default_params();

    static native Pointer llama_model_load_from_file(String path, ModelParams params);

    static native void llama_model_free(Pointer model);

    static native Pointer llama_init_from_model(Pointer model, ContextParams params);

    static native void llama_free(Pointer context);

    static native Pointer llama_model_get_vocab(Pointer model);

    static native int llama_vocab_n_tokens(Pointer vocab);

    /** Token ids of {@code text} (UTF-8), or minus the count needed when {@code maxTokens} is too small. */
    static native int llama_tokenize(Pointer vocab, byte[] text, int textLength, Pointer tokens, int maxTokens, byte addSpecial,
                                     byte parseSpecial);

    static native int llama_n_ctx(Pointer context);

    static native int llama_n_batch(Pointer context);

    static native int llama_n_ubatch(Pointer context);

    static native int llama_n_seq_max(Pointer context);

    /** 0 on success, 1 when the KV cache has no room for the batch, negative on error. */
    static native int llama_decode(Pointer context, Batch batch);

    /** The logits of the i-th token of the last batch (one that asked for output), {@code n_vocab} floats. */
    static native Pointer llama_get_logits_ith(Pointer context, int i);

    static native void llama_kv_self_clear(Pointer context);

    static native PerfContextData llama_perf_context(Pointer context);

    static native void llama_perf_context_reset(Pointer context);
}
