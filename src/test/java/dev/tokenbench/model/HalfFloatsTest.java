package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    @Test
    void f16_everyNonNanPattern_roundTripsBitExactly() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float value = HalfFloats.f16ToFloat((short) bits);
            if (!Float.isNaN(value)) {
                assertThat(HalfFloats.floatToF16(value) & 0xffff).as("pattern %04x", bits).isEqualTo(bits);
            }
        }
    }

    @Test
    void f16ToFloat_knownPatterns_decodeExactly() {
        assertThat(HalfFloats.f16ToFloat((short) 0x3c00)).isEqualTo(1.0f);
        assertThat(HalfFloats.f16ToFloat((short) 0xc000)).isEqualTo(-2.0f);
        assertThat(HalfFloats.f16ToFloat((short) 0x7bff)).isEqualTo(65504.0f);
        assertThat(HalfFloats.f16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HalfFloats.f16ToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloats.f16ToFloat((short) 0x7e00)).isNaN();
    }

    @Test
    void floatToF16_ties_roundToEven() {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: even mantissa (1) wins.
        assertThat(HalfFloats.floatToF16(1 + 0x1p-11f)).isEqualTo((short) 0x3c00);
        // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: even mantissa (2) wins.
        assertThat(HalfFloats.floatToF16(1 + 3 * 0x1p-11f)).isEqualTo((short) 0x3c02);
        assertThat(HalfFloats.floatToF16(0x1p-25f)).isEqualTo((short) 0);
        assertThat(HalfFloats.floatToF16(0x1.8p-25f)).isEqualTo((short) 1);
        assertThat(HalfFloats.floatToF16(70000f)).isEqualTo((short) 0x7c00);
        assertThat(HalfFloats.floatToF16(-0.0f)).isEqualTo((short) 0x8000);
    }

    @Test
    void bf16_conversions_matchUpperHalfWithRoundToEven() {
        assertThat(HalfFloats.bf16ToFloat((short) 0x3f80)).isEqualTo(1.0f);
        assertThat(HalfFloats.bf16ToFloat((short) 0xc0a0)).isEqualTo(-5.0f);
        assertThat(HalfFloats.floatToBf16(1.0f)).isEqualTo((short) 0x3f80);
        assertThat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f808000))).isEqualTo((short) 0x3f80);
        assertThat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f818000))).isEqualTo((short) 0x3f82);
        assertThat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f808001))).isEqualTo((short) 0x3f81);
        assertThat(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN)))).isTrue();
    }
}
