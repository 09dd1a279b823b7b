package dev.tokenbench.model;

/**
 * Bit-exact conversions between float32 and the two 16-bit floats of checkpoints: IEEE half precision (F16) and
 * bfloat16 (BF16, the upper half of a float32). Narrowing rounds to nearest, ties to even, as PyTorch does.
 */
public final class HalfFloats {

    /** float32 value of every F16 bit pattern, indexed by the pattern as an unsigned 16-bit number. */
    private static final float[] F16_TO_FLOAT = new float[1 << 16];

    static {
        for (int bits = 0; bits < F16_TO_FLOAT.length; bits++) {
            F16_TO_FLOAT[bits] = decodeF16(bits);
        }
    }

    private HalfFloats() {
    }

    /** The float32 value of an F16 bit pattern (exact: every F16 value is a float32 value). */
    public static float f16ToFloat(short f16Bits) {
        return F16_TO_FLOAT[f16Bits & 0xffff];
    }

    /** The float32 value of a BF16 bit pattern: the pattern shifted into the upper half of a float32. */
    public static float bf16ToFloat(short bf16Bits) {
        return Float.intBitsToFloat((bf16Bits & 0xffff) << 16);
    }

    /** The nearest F16 to {@code value} (ties to even); beyond the F16 range gives infinity, NaN stays NaN. */
    public static short floatToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign;
            }
            // A subnormal F16 is m x 2^-24: shift the full 24-bit significand right and round.
            int significand = mantissa | 0x800000;
            int shift = 14 - halfExponent;
            return (short) (sign | roundShift(significand, shift));
        }
        int rounded = (halfExponent << 10) | roundShift(mantissa, 13);
        return (short) (sign | rounded);
    }

    /** The nearest BF16 to {@code value} (ties to even); NaN stays a quiet NaN. */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int roundingBias = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /** {@code value >>> shift}, rounded to nearest with ties to even; a carry may overflow into the next field. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }

    private static float decodeF16(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
