package dev.tokenbench.engine.jlama;

import java.util.Arrays;
import java.util.List;

/**
 * The precisions the {@code jlama} engine runs: the layers' weight matrices as Jlama 0.8.4 holds them after loading
 * the model folder's F32 weights. Activations, the KV cache, the embedding table and the output head stay F32 in every
 * one (Jlama quantizes neither the embedding table nor {@code lm_head}).
 *
 * <p>What Jlama 0.8.4 cannot run in pure Java is not offered: its Q8 weights ({@code DType.I8}) quantize at load, but
 * its Vector API kernels have no product of F32 or I8 activations with I8 weights, so the first forward pass fails
 * ({@code UnsupportedOperationException: I8}); its I8 working type for activations needs the hidden size to be a
 * multiple of 32 x the vector lanes (256 on AVX2), and failed on {@code tiny} in the same way; {@code DType.Q5} leaves
 * F32 weights unconverted.
 */
public enum JlamaPrecision {

    /** The model's F32 weights as stored: 4 bytes a parameter. */
    F32("f32", "F32", 128),
    /** BF16 weights, converted at load (the upper 16 bits of each F32, rounded): 2 bytes a parameter. */
    BF16("bf16", "BF16", 64),
    /**
     * Jlama's Q4 blocks, quantized at load: per block of 32 weights one F32 scale d = m / -8 (m the weight of largest
     * magnitude, with its sign) and 32 4-bit values min(15, (int) (w / d + 8.5)), the block's first 16 in the low
     * nibbles and its last 16 in the high nibbles; 20 bytes per 32 weights. The 4-bit values are llama.cpp's
     * {@code Q4_0}, the scale is F32 where {@code Q4_0}'s is F16 (18 bytes per 32), so it gets a name of its own.
     */
    JLAMA_Q4("jlama-q4", "Q4", 20);

    /** Weights per block, the unit the bytes are given in. */
    static final int BLOCK = 32;

    private final String label;
    private final String jlamaType;
    private final int bytesPerBlock;

    JlamaPrecision(String label, String jlamaType, int bytesPerBlock) {
        this.label = label;
        this.jlamaType = jlamaType;
        this.bytesPerBlock = bytesPerBlock;
    }

    /** The {@code precision} value that names it. */
    public String label() {
        return label;
    }

    /** The name of Jlama's {@code DType} the layers' weights are loaded as. */
    public String jlamaType() {
        return jlamaType;
    }

    /** Bytes of {@code parameters} layer weights (a multiple of 32 for Q4, as Jlama requires) in this precision. */
    public long layerWeightBytes(long parameters) {
        return parameters * bytesPerBlock / BLOCK;
    }

    /** Every {@code precision} value, in order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(JlamaPrecision::label).toList();
    }

    /**
     * The precision named {@code label}.
     *
     * @throws IllegalArgumentException in one line with the valid values, for any other
     */
    public static JlamaPrecision of(String label) {
        for (JlamaPrecision precision : values()) {
            if (precision.label.equals(label)) {
                return precision;
            }
        }
        throw new IllegalArgumentException("framework jlama cannot run precision '" + label + "'; valid: " + String.join(", ", labels()));
    }
}
