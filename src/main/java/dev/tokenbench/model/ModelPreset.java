package dev.tokenbench.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The model shapes tokenbench generates with seeded weights, named {@code tiny}, {@code small} and {@code base} on
 * the command line. All use float32, RMSNorm epsilon 1e-5, RoPE base 10000, {@code <s>} = 1 and {@code </s>} = 2.
 */
public enum ModelPreset {

    /**
     * About 1.3M parameters for tests: dim 128, 4 layers, 4 query heads sharing 2 key/value heads (grouped-query
     * attention), ffn 384, vocab 2048, context 512. Untied, unlike the other two, so that the tests exercise the
     * separate {@code lm_head.weight} path that many real checkpoints take.
     */
    TINY(new LlamaConfig(128, 384, 4, 4, 2, 1e-5, 10000, 512, 2048, false, "float32", 1, 2, Optional.empty())),

    /** Shaped like the 15M-parameter TinyStories LLaMA: dim 288, 6 layers, 6 heads, ffn 768, vocab 32000, tied. */
    SMALL(new LlamaConfig(288, 768, 6, 6, 6, 1e-5, 10000, 1024, 32000, true, "float32", 1, 2, Optional.empty())),

    /** Shaped like the 110M-parameter TinyStories LLaMA: dim 768, 12 layers, 12 heads, ffn 2048, vocab 32000, tied. */
    BASE(new LlamaConfig(768, 2048, 12, 12, 12, 1e-5, 10000, 1024, 32000, true, "float32", 1, 2, Optional.empty()));

    private final LlamaConfig config;

    ModelPreset(LlamaConfig config) {
        this.config = config;
    }

    /** The {@code config.json} this preset is generated with. */
    public LlamaConfig config() {
        return config;
    }

    /** The command-line name: {@code tiny}, {@code small} or {@code base}. */
    public String presetName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset called {@code name} (case-insensitive), if any. */
    public static Optional<ModelPreset> byName(String name) {
        return Arrays.stream(values()).filter(preset -> preset.presetName().equalsIgnoreCase(name)).findFirst();
    }

    /** The preset names for messages: {@code tiny, small, base}. */
    public static String names() {
        return Arrays.stream(values()).map(ModelPreset::presetName).collect(Collectors.joining(", "));
    }
}
