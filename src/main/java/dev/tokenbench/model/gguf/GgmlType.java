package dev.tokenbench.model.gguf;

import dev.tokenbench.model.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Tensor element types of GGUF files (ggml's {@code ggml_type}), with their ids and block layout: a row of
 * {@code n} elements is stored as {@code n / blockElements} blocks of {@code blockBytes} bytes each.
 *
 * <p>tokenbench writes {@link #F32}, {@link #F16} and {@link #Q8_0} and can read the values of those and
 * {@link #BF16}; the other types are known so that {@code model info} can describe any llama.cpp file.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    /** 32 elements per block: an F16 scale d, then 32 signed bytes q; the value is d x q. */
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    BF16(30, 1, 2);

    /** Elements in one Q8_0 block. */
    public static final int Q8_0_BLOCK = 32;

    private final int id;
    private final int blockElements;
    private final int blockBytes;

    GgmlType(int id, int blockElements, int blockBytes) {
        this.id = id;
        this.blockElements = blockElements;
        this.blockBytes = blockBytes;
    }

    /** The number GGUF stores for this type. */
    public int id() {
        return id;
    }

    public int blockElements() {
        return blockElements;
    }

    public int blockBytes() {
        return blockBytes;
    }

    /** Lower-case name as llama.cpp prints it, e.g. {@code q8_0}. */
    public String ggmlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type GGUF numbers {@code id}, if tokenbench knows it. */
    public static Optional<GgmlType> byId(long id) {
        return Arrays.stream(values()).filter(type -> type.id == id).findFirst();
    }

    /**
     * Bytes of {@code elements} elements whose rows are {@code rowElements} long.
     *
     * @throws ArithmeticException if the count overflows 64 bits
     */
    long byteCount(long elements) {
        return Math.multiplyExact(elements / blockElements, (long) blockBytes);
    }

    /**
     * Appends one row of {@code row.length} values to {@code out} in this type's layout, as a GGUF file and ggml's
     * memory hold it: F32 and F16 little-endian, Q8_0 by ggml's reference quantizer.
     *
     * @throws IllegalArgumentException for a type tokenbench does not write, or a row that is not whole blocks
     */
    public void encodeRow(float[] row, ByteBuffer out) {
        if (row.length % blockElements != 0) {
            throw new IllegalArgumentException("a " + ggmlName() + " row of " + row.length + " elements is not whole blocks of " + blockElements);
        }
        ByteBuffer target = out.order() == ByteOrder.LITTLE_ENDIAN ? out : out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case F32 -> {
                for (float v : row) {
                    target.putFloat(v);
                }
            }
            case F16 -> {
                for (float v : row) {
                    target.putShort(HalfFloats.floatToF16(v));
                }
            }
            case Q8_0 -> {
                for (int start = 0; start < row.length; start += Q8_0_BLOCK) {
                    GgufWriter.quantizeQ8_0(row, start, target);
                }
            }
            default -> throw new IllegalArgumentException("tokenbench writes f32, f16 and q8_0 tensors, not " + ggmlName());
        }
        if (target != out) {
            out.position(target.position());
        }
    }

    /** Whether tokenbench can turn this type's data into float32. */
    boolean readable() {
        return this == F32 || this == F16 || this == BF16 || this == Q8_0;
    }
}
