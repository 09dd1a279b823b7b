package dev.tokenbench.engine.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JlamaPrecisionTest {

    @Test
    void of_knownLabels_andAnyOtherIsOneLineWithTheValidValues() {
        assertThat(JlamaPrecision.labels()).containsExactly("f32", "bf16", "jlama-q4");
        assertThat(JlamaPrecision.of("jlama-q4")).isEqualTo(JlamaPrecision.JLAMA_Q4);
        assertThat(JlamaPrecision.of("jlama-q4").jlamaType()).isEqualTo("Q4");
        assertThat(JlamaPrecision.of("bf16").jlamaType()).isEqualTo("BF16");
        assertThatThrownBy(() -> JlamaPrecision.of("q4_0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("framework jlama cannot run precision 'q4_0'; valid: f32, bf16, jlama-q4");
    }

    @Test
    void layerWeightBytes_fourAndTwoBytesAParameter_q4TwentyBytesPerBlockOf32() {
        // small's layers: 6 x (2 x 288 x 288 + 2 x 288 x 288 + 3 x 768 x 288) = 5971968 parameters
        assertThat(JlamaPrecision.F32.layerWeightBytes(5_971_968)).isEqualTo(23_887_872);
        assertThat(JlamaPrecision.BF16.layerWeightBytes(5_971_968)).isEqualTo(11_943_936);
        // 186624 blocks of 32: 16 bytes of 4-bit values and a 4-byte F32 scale each
        assertThat(JlamaPrecision.JLAMA_Q4.layerWeightBytes(5_971_968)).isEqualTo(3_732_480);
    }
}
