package dev.tokenbench.model.gguf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The precisions tokenbench converts models to for llama.cpp: the type of every matrix; vectors (norm weights)
 * stay F32, as llama.cpp's own converter keeps them.
 */
public enum GgufPrecision {
    F32(GgmlType.F32, 0),
    F16(GgmlType.F16, 1),
    Q8_0(GgmlType.Q8_0, 7);

    private final GgmlType matrixType;
    private final int fileType;

    GgufPrecision(GgmlType matrixType, int fileType) {
        this.matrixType = matrixType;
        this.fileType = fileType;
    }

    /** The type of 2-D tensors at this precision. */
    public GgmlType matrixType() {
        return matrixType;
    }

    /**
     * The type a matrix whose rows hold {@code rowLength} elements is stored in: {@link #matrixType()}, or F16 when
     * the rows do not divide into its blocks (Q8_0 rows not a multiple of 32), as llama.cpp's converter falls back.
     */
    public GgmlType matrixType(long rowLength) {
        return rowLength % matrixType.blockElements() == 0 ? matrixType : GgmlType.F16;
    }

    /** {@code general.file_type}: llama.cpp's {@code LLAMA_FTYPE_ALL_F32}, {@code MOSTLY_F16}, {@code MOSTLY_Q8_0}. */
    public int fileType() {
        return fileType;
    }

    /** The name used on the command line and in {@code @Param precision}: {@code f32}, {@code f16}, {@code q8_0}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision called {@code label} (case-insensitive), if any. */
    public static Optional<GgufPrecision> byLabel(String label) {
        return Arrays.stream(values()).filter(p -> p.label().equalsIgnoreCase(label)).findFirst();
    }

    /** {@code f32, f16, q8_0}, for messages. */
    public static String labels() {
        return Arrays.stream(values()).map(GgufPrecision::label).collect(Collectors.joining(", "));
    }
}
