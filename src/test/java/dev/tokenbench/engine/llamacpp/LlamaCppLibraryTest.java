package dev.tokenbench.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.model.TemporaryModelCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The structures of {@link LlamaCppLibrary} against the library's own defaults: a field off by one slot reads
 * another field's default, so each check below would fail on a layout from another llama.cpp tag.
 */
@ExtendWith(TemporaryModelCache.class)
class LlamaCppLibraryTest {

    @BeforeAll
    static void load() {
        NativeRuntime.load();
    }

    @Test
    void contextParams_defaults_matchLlamaCppB4916() {
        LlamaCppLibrary.ContextParams params = LlamaCppLibrary.llama_context_default_params();
        assertThat(params.size()).isEqualTo(120);
        assertThat(new int[] {params.n_ctx, params.n_batch, params.n_ubatch, params.n_seq_max, params.n_threads, params.n_threads_batch})
                .containsExactly(512, 2048, 512, 1, 4, 4);
        assertThat(new int[] {params.rope_scaling_type, params.pooling_type, params.attention_type}).containsExactly(-1, -1, -1);
        assertThat(new float[] {params.rope_freq_base, params.rope_freq_scale, params.yarn_ext_factor, params.yarn_attn_factor,
                params.yarn_beta_fast, params.yarn_beta_slow, params.defrag_thold}).containsExactly(0f, 0f, -1f, 1f, 32f, 1f, -1f);
        assertThat(params.yarn_orig_ctx).isZero();
        assertThat(params.cb_eval).isNull();
        assertThat(new int[] {params.type_k, params.type_v}).containsExactly(LlamaCppLibrary.GGML_TYPE_F16, LlamaCppLibrary.GGML_TYPE_F16);
        assertThat(new byte[] {params.logits_all, params.embeddings, params.offload_kqv, params.flash_attn, params.no_perf})
                .containsExactly(0, 0, 1, 0, 1);
        assertThat(params.abort_callback).isNull();
        assertThat(params.abort_callback_data).isNull();
    }

    @Test
    void modelParams_defaults_matchLlamaCppB4916() {
        LlamaCppLibrary.ModelParams params = LlamaCppLibrary.llama_model_default_params();
        assertThat(params.size()).isEqualTo(64);
        assertThat(params.devices).isNull();
        assertThat(new int[] {params.n_gpu_layers, params.split_mode, params.main_gpu}).containsExactly(0, 1, 0);
        assertThat(params.tensor_split).isNull();
        assertThat(params.kv_overrides).isNull();
        assertThat(new byte[] {params.vocab_only, params.use_mmap, params.use_mlock, params.check_tensors}).containsExactly(0, 1, 0, 0);
    }

    @Test
    void batchAndPerfData_haveTheSizesOfTheirDeclarations() {
        assertThat(new LlamaCppLibrary.Batch().size()).isEqualTo(56);
        assertThat(new LlamaCppLibrary.PerfContextData().size()).isEqualTo(40);
    }
}
