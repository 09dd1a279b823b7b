package dev.tokenbench.calibrate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a weight product is handed to the framework; kernels differ in speed by layout, so the limit is the best. */
public enum ProductLayout {
    /** {@code W · X}: the weight {@code [out, in]} first, activations {@code [in, tokens]} (PyTorch's {@code mm}). */
    WEIGHT_FIRST("weight-first"),
    /** {@code X · Wᵀ}: activations {@code [tokens, in]} first, PyTorch's {@code linear} on the same {@code [out, in]} weight. */
    LINEAR("linear"),
    /**
     * {@code X · Wᵀ} through oneDNN's inner product on the weight reordered once into oneDNN's packed layout
     * (djl-pytorch's forward pass: {@code PackedProducts}), activations {@code [tokens, in]}.
     */
    ONEDNN_PACKED("onednn-packed"),
    /**
     * {@code ggml_mul_mat(W, X)}: llama.cpp's product, the weight in ggml order {@code [in, out]} at the GGUF
     * precision's type, F32 activations {@code [in, tokens]}, computed in one ggml graph (llama.cpp's kernels).
     */
    GGML("ggml");

    private final String label;

    ProductLayout(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static ProductLayout byLabel(String label) {
        for (ProductLayout layout : values()) {
            if (layout.label.equals(label)) {
                return layout;
            }
        }
        throw new IllegalArgumentException("unknown product layout '" + label + "'; known: weight-first, linear, onednn-packed, ggml");
    }
}
