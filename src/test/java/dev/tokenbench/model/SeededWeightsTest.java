package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeededWeightsTest {

    @Test
    void fill_sameSeedAndName_givesSameValues_otherNameOtherValues() {
        float[] a = new float[8];
        float[] b = new float[8];
        float[] c = new float[8];
        new SeededWeights(42, "w", 0.02).fill(a, 8);
        new SeededWeights(42, "w", 0.02).fill(b, 8);
        new SeededWeights(42, "v", 0.02).fill(c, 8);

        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void fill_manyValues_haveRequestedMeanAndStandardDeviation() {
        float[] values = new float[200_000];
        new SeededWeights(1, "w", 0.5).fill(values, values.length);

        double sum = 0;
        double sumSquares = 0;
        for (float value : values) {
            sum += value;
            sumSquares += value * value;
        }
        double mean = sum / values.length;
        assertThat(mean).isBetween(-0.005, 0.005);
        assertThat(Math.sqrt(sumSquares / values.length - mean * mean)).isBetween(0.495, 0.505);
    }

    @Test
    void fill_zeroStandardDeviation_givesOnes() {
        float[] values = new float[3];
        new SeededWeights(1, "norm", 0).fill(values, 3);

        assertThat(values).containsExactly(1f, 1f, 1f);
    }
}
