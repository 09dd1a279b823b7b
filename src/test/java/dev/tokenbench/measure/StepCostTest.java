package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The step-cost formulas on tiny's shape, computed by hand (docs/metrics.md, "Step cost and % of limit"). */
class StepCostTest {

    /** tiny: dim 128, 4 layers, 4 heads of 32, 2 KV heads (kv width 64), ffn 384, vocab 2048, untied head. */
    private static final long TINY_PARAMETERS = 4 * ((128 + 2 * 64) * 128 + 128 * 128 + 2 * 384 * 128 + 128 * 384) + 2048 * 128;

    private static final long TINY_HEAD = 2048 * 128;

    @Test
    void llama_tinyAtF32_weightsKvAndFlopsByHand() {
        assertThat(TINY_PARAMETERS).isEqualTo(1_048_576);
        StepCost cost = StepCost.llama(4, 128, 64, TINY_PARAMETERS, TINY_HEAD, 4 * TINY_PARAMETERS, 4);

        assertThat(cost.weightBytesPerStep()).isEqualTo(4_194_304);
        assertThat(cost.kvBytesPerPosition()).isEqualTo(2 * 4 * 64 * 4);
        assertThat(cost.flopsPerToken()).isEqualTo(2 * (1_048_576 - 262_144)).isEqualTo(1_572_864);
        assertThat(cost.headFlops()).isEqualTo(524_288);
        assertThat(cost.attentionFlopsPerPosition()).isEqualTo(4 * 4 * 128);
    }

    @Test
    void decodeBytesPerStep_meanContextIsPromptPlusHalfTheNewTokens() {
        StepCost f32 = StepCost.llama(4, 128, 64, TINY_PARAMETERS, TINY_HEAD, 4 * TINY_PARAMETERS, 4);
        StepCost f16Kv = StepCost.llama(4, 128, 64, TINY_PARAMETERS, TINY_HEAD, 4 * TINY_PARAMETERS, 2);

        // P = 128, N = 64: steps s = 1..63 attend 128 + s positions, mean 160
        assertThat(f32.decodeBytesPerStep(1, 128, 64)).isEqualTo(4_194_304 + 2048 * 160);
        assertThat(f32.decodeBytesPerStep(1, 128, 64)).isEqualTo(4_521_984);
        assertThat(f32.decodeBytesPerStep(8, 128, 64)).isEqualTo(6_815_744);
        assertThat(f16Kv.decodeBytesPerStep(1, 128, 64)).isEqualTo(4_358_144);
        double mean = 0;
        for (int s = 1; s <= 63; s++) {
            mean += 4_194_304 + 2048.0 * (128 + s);
        }
        assertThat(f32.decodeBytesPerStep(1, 128, 64)).isCloseTo(mean / 63, within(1e-6));
    }

    @Test
    void prefillFlops_layersPerTokenHeadOncePerSequencePlusCausalAttention() {
        StepCost cost = StepCost.llama(4, 128, 64, TINY_PARAMETERS, TINY_HEAD, 4 * TINY_PARAMETERS, 4);

        assertThat(cost.prefillFlopsPerPromptToken(128)).isEqualTo(1_709_056);
        // a whole prompt: P x F + H + A x P (P + 1) / 2
        assertThat(cost.prefillFlopsPerPromptToken(128) * 128).isEqualTo(128.0 * 1_572_864 + 524_288 + 2048.0 * 128 * 129 / 2);
        assertThat(cost.prefillFlopsPerPromptToken(128) * 128).isEqualTo(218_759_168);
    }

    @Test
    void figures_achievedRatesFromTokenRates() {
        StepCost cost = StepCost.llama(4, 128, 64, TINY_PARAMETERS, TINY_HEAD, 4 * TINY_PARAMETERS, 4);

        // 800 decode tokens/s at batch 8 = 100 steps/s of 6815744 bytes
        assertThat(Figure.decodeBytesPerSecond(800, 8, 128, 64, cost)).hasValue(681_574_400);
        assertThat(Figure.prefillFlopsPerSecond(1000, 128, cost)).hasValue(1_709_056_000.0);
        assertThat(Figure.decodeBytesPerSecond(0, 8, 128, 64, cost)).isEmpty();
        assertThat(Figure.shareOf(5, 20)).hasValue(0.25);
        assertThat(Figure.shareOf(5, 0)).isEmpty();
    }
}
