package dev.tokenbench.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GateThresholdsTest {

    private static final GateFigure TTFT = GateFigures.byName("ttft.p50").orElseThrow();
    private static final GateFigure TOKENS = GateFigures.byName("output.tokens_per_s").orElseThrow();

    @Test
    void defaultThresholds_gateThroughputTtftItlAndPeakRss() {
        assertThat(GateThresholds.defaultThresholds().figures()).extracting(GateFigure::name)
                .containsExactly("output.tokens_per_s", "ttft.p50", "itl.mean", "rss.peak");
    }

    @Test
    void parse_replacesADefaultAndAddsAFigure() throws GateInputException {
        GateThresholds thresholds = GateThresholds.parse(List.of("ttft.p50=15", "itl.p99=25.5"));

        assertThat(thresholds.percent(TTFT)).isEqualTo(15.0);
        assertThat(thresholds.figures()).extracting(GateFigure::name).endsWith("itl.p99");
        assertThat(thresholds.percent(GateFigures.byName("itl.p99").orElseThrow())).isEqualTo(25.5);
    }

    @Test
    void parse_notANumber_oneLineNamingTheFlag() {
        assertThatThrownBy(() -> GateThresholds.parse(List.of("ttft.p50=abc")))
                .isInstanceOf(GateInputException.class)
                .hasMessage("--threshold ttft.p50=abc: abc is not a number; give a percentage, e.g. ttft.p50=10");
    }

    @Test
    void parse_unknownFigure_listsTheKnownOnes() {
        assertThatThrownBy(() -> GateThresholds.parse(List.of("unknown.metric=5")))
                .isInstanceOf(GateInputException.class)
                .hasMessageStartingWith("--threshold unknown.metric=5: unknown figure unknown.metric; one of ttft.p50, ttft.p99,")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> GateThresholds.parse(List.of("ttft=abc")))
                .isInstanceOf(GateInputException.class)
                .hasMessageStartingWith("--threshold ttft=abc: unknown figure ttft;");
    }

    @Test
    void parse_negativeOrHundredPercent_rejected() {
        assertThatThrownBy(() -> GateThresholds.parse(List.of("ttft.p50=-3")))
                .isInstanceOf(GateInputException.class)
                .hasMessage("--threshold ttft.p50=-3: the threshold is a percentage from 0 (any significant change) to below 100, e.g. ttft.p50=10");
        assertThatThrownBy(() -> GateThresholds.parse(List.of("ttft.p50=100"))).isInstanceOf(GateInputException.class);
        assertThatThrownBy(() -> GateThresholds.parse(List.of("ttft.p50=NaN"))).isInstanceOf(GateInputException.class);
    }

    @Test
    void parse_noEqualsOrEmptyValueOrTwice_rejected() {
        assertThatThrownBy(() -> GateThresholds.parse(List.of("ttft.p50"))).hasMessage("--threshold ttft.p50: expected FIGURE=PERCENT, e.g. ttft.p50=10");
        assertThatThrownBy(() -> GateThresholds.parse(List.of("ttft.p50="))).isInstanceOf(GateInputException.class);
        assertThatThrownBy(() -> GateThresholds.parse(List.of("ttft.p50=5", "ttft.p50=7")))
                .hasMessage("--threshold ttft.p50=7: ttft.p50 is already given as ttft.p50=5; give each figure once");
    }

    @Test
    void beyond_followsTheFiguresDirection() throws GateInputException {
        GateThresholds thresholds = GateThresholds.parse(List.of("ttft.p50=10", "output.tokens_per_s=10"));

        assertThat(thresholds.beyondInBadDirection(TTFT, 1.11)).isTrue();
        assertThat(thresholds.beyondInBadDirection(TTFT, 1.09)).isFalse();
        assertThat(thresholds.beyondInGoodDirection(TTFT, 0.89)).isTrue();
        assertThat(thresholds.beyondInBadDirection(TOKENS, 0.89)).isTrue();
        assertThat(thresholds.beyondInBadDirection(TOKENS, 1.2)).isFalse();
        assertThat(thresholds.beyondInGoodDirection(TOKENS, 1.11)).isTrue();
    }

    @Test
    void settings_alphaOutsideZeroOne_rejected() {
        for (double alpha : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> GateSettings.of(GateThresholds.defaultThresholds(), alpha, 5, false))
                    .isInstanceOf(GateInputException.class).hasMessageStartingWith("--alpha ");
        }
        assertThatThrownBy(() -> GateSettings.of(GateThresholds.defaultThresholds(), 0.01, 1, false))
                .hasMessageStartingWith("--min-replicates 1: ");
    }
}
