package dev.tokenbench.engine.djl;

import dev.tokenbench.model.LlamaConfig;
import java.util.Optional;

/** Test-only model shapes. */
final class TinyModels {

    private TinyModels() {
    }

    /** dim 128, 4 layers, 4 query heads sharing 2 KV heads (grouped-query attention), ffn 384, vocab 2048, context 512. */
    static LlamaConfig tiny(boolean tieWordEmbeddings) {
        return new LlamaConfig(128, 384, 4, 4, 2, 1e-5, 10000.0, 512, 2048, tieWordEmbeddings, "float32", 1, 2,
                Optional.empty());
    }

    /** As {@link #tiny(boolean)} (untied), but every query head with its own KV head (4 of each). */
    static LlamaConfig tinyMultiHead() {
        return new LlamaConfig(128, 384, 4, 4, 4, 1e-5, 10000.0, 512, 2048, false, "float32", 1, 2, Optional.empty());
    }

    /** Shaped like the 110M-parameter TinyStories LLaMA ({@code base}): dim 768, 12 layers, 12 heads, ffn 2048, vocab 32000, tied. */
    static LlamaConfig base() {
        return new LlamaConfig(768, 2048, 12, 12, 12, 1e-5, 10000.0, 1024, 32000, true, "float32", 1, 2, Optional.empty());
    }
}
