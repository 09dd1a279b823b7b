package dev.tokenbench.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.report.RatioTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTest {

    static final GateFigure TOKENS = GateFigures.byName("output.tokens_per_s").orElseThrow();
    static final GateFigure TTFT = GateFigures.byName("ttft.p50").orElseThrow();
    static final GateFigure ITL = GateFigures.byName("itl.mean").orElseThrow();
    static final GateFigure RSS = GateFigures.byName("rss.peak").orElseThrow();
    static final String TINY = "djl-pytorch tiny f32 batch 1 prompt 32 new 32";

    private static final double[] QUIET = {1.00, 1.01, 0.99, 1.005, 0.995, 1.0, 1.002, 0.998};
    private static final double[] LOUD = {1.0, 1.6, 0.55, 1.35, 0.7, 1.5, 0.6, 1.2};

    /** A side with every default figure at {@code scale} times a base level, shaped by {@code noise}. */
    static Replicates side(String workload, double[] noise, double tokensScale, double timeScale, double memoryScale) {
        Replicates replicates = new Replicates();
        for (double n : noise) {
            replicates.add(workload, TOKENS, 500 * tokensScale * n);
            replicates.add(workload, TTFT, 20 * timeScale * n);
            replicates.add(workload, ITL, 2 * timeScale * n);
            replicates.add(workload, RSS, 400e6 * memoryScale * n);
        }
        return replicates;
    }

    private static GateResult independent(Replicates baseline, Replicates current) throws GateInputException {
        return Gate.evaluate(new GateInput(GateInput.Design.INDEPENDENT, baseline, current, Optional.empty()), GateSettings.defaults());
    }

    @Test
    void evaluate_identicalRuns_pass() throws GateInputException {
        GateResult result = independent(side(TINY, QUIET, 1, 1, 1), side(TINY, QUIET, 1, 1, 1));

        assertThat(result.rows()).hasSize(4).allSatisfy(row -> assertThat(row.verdict()).isInstanceOf(GateVerdict.Pass.class));
        assertThat(result.failed()).isFalse();
        assertThat(result.summary()).isEqualTo("gate passed: 0 regressions, 0 improvements, 4 pass, 0 inconclusive");
    }

    @Test
    void evaluate_twentyPercentSlowerLowNoise_regression() throws GateInputException {
        GateResult result = independent(side(TINY, QUIET, 1, 1, 1), side(TINY, QUIET, 1 / 1.2, 1.2, 1));

        assertThat(verdict(result, TOKENS)).isInstanceOf(GateVerdict.Regression.class);
        assertThat(verdict(result, TTFT)).isInstanceOf(GateVerdict.Regression.class);
        assertThat(verdict(result, TTFT).reason()).isEqualTo("20% worse, significant (p<0.0001), beyond the threshold 5%");
        assertThat(verdict(result, RSS)).isInstanceOf(GateVerdict.Pass.class);
        assertThat(result.failed()).isTrue();
        assertThat(result.regressions()).isEqualTo(3);
    }

    @Test
    void evaluate_twentyPercentSlowerNoiseFarLarger_notARegression() throws GateInputException {
        double[] shifted = {1.35, 0.7, 1.5, 0.6, 1.2, 1.0, 1.6, 0.55};
        GateResult result = independent(side(TINY, LOUD, 1, 1, 1), side(TINY, shifted, 1 / 1.2, 1.2, 1));

        assertThat(verdict(result, TTFT)).isInstanceOf(GateVerdict.Pass.class);
        assertThat(verdict(result, TTFT).reason()).contains("20% worse, not significant");
        assertThat(result.failed()).isFalse();
    }

    @Test
    void evaluate_higherThroughputAndLowerMemory_improvements() throws GateInputException {
        GateResult result = independent(side(TINY, QUIET, 1, 1, 1), side(TINY, QUIET, 1.25, 1, 0.8));

        assertThat(verdict(result, TOKENS)).isInstanceOf(GateVerdict.Improvement.class);
        assertThat(verdict(result, RSS)).isInstanceOf(GateVerdict.Improvement.class);
        assertThat(verdict(result, RSS).reason()).startsWith("20% better, significant");
        assertThat(result.failed()).isFalse();
    }

    @Test
    void evaluate_significantButWithinThreshold_pass() throws GateInputException {
        GateResult result = independent(side(TINY, QUIET, 1, 1, 1), side(TINY, QUIET, 1, 1.03, 1));

        assertThat(verdict(result, TTFT)).isInstanceOf(GateVerdict.Pass.class);
        assertThat(verdict(result, TTFT).reason()).isEqualTo("3% worse, significant (p<0.0001) but within the threshold 5%");
    }

    @Test
    void evaluate_tooFewReplicates_inconclusive() throws GateInputException {
        double[] four = {1.0, 1.01, 0.99, 1.0};
        GateResult result = independent(side(TINY, QUIET, 1, 1, 1), side(TINY, four, 1 / 1.5, 1.5, 1));

        GateVerdict verdict = verdict(result, TTFT);
        assertThat(verdict).isInstanceOf(GateVerdict.Inconclusive.class);
        assertThat(((GateVerdict.Inconclusive) verdict).cause()).isEqualTo(GateVerdict.Cause.TOO_FEW_REPLICATES);
        assertThat(verdict.reason()).isEqualTo("4 replicates on a side, fewer than the 5 required (--min-replicates)");
        assertThat(result.failed()).isFalse();
    }

    @Test
    void evaluate_figureOnOneSideOnly_inconclusive() throws GateInputException {
        Replicates current = new Replicates();
        for (double n : QUIET) {
            current.add(TINY, TOKENS, 500 * n).add(TINY, TTFT, 20 * n).add(TINY, ITL, 2 * n);
        }
        GateResult result = independent(side(TINY, QUIET, 1, 1, 1), current);

        GateVerdict verdict = verdict(result, RSS);
        assertThat(((GateVerdict.Inconclusive) verdict).cause()).isEqualTo(GateVerdict.Cause.ABSENT_ON_ONE_SIDE);
        assertThat(verdict.reason()).isEqualTo("rss.peak not measured in the current run");
    }

    @Test
    void evaluate_noSpread_inconclusive() throws GateInputException {
        double[] flat = {1, 1, 1, 1, 1};
        GateVerdict verdict = verdict(independent(side(TINY, flat, 1, 1, 1), side(TINY, flat, 1, 1, 1.3)), RSS);

        assertThat(((GateVerdict.Inconclusive) verdict).cause()).isEqualTo(GateVerdict.Cause.NOT_TESTABLE);
    }

    @Test
    void evaluate_differentMachines_inconclusive() throws GateInputException {
        GateInput input = new GateInput(GateInput.Design.INDEPENDENT, side(TINY, QUIET, 1, 1, 1), side(TINY, QUIET, 0.5, 2, 1),
                Optional.of("baseline ran on Intel Xeon, current on AMD EPYC"));
        GateResult result = Gate.evaluate(input, GateSettings.defaults());

        assertThat(result.rows()).allSatisfy(row -> assertThat(((GateVerdict.Inconclusive) row.verdict()).cause())
                .isEqualTo(GateVerdict.Cause.DIFFERENT_MACHINES));
        assertThat(result.failed()).isFalse();
    }

    @Test
    void evaluate_missingWorkload_failsUnlessAllowed() throws GateInputException {
        Replicates baseline = side(TINY, QUIET, 1, 1, 1);
        for (double n : QUIET) {
            baseline.add("llama.cpp tiny", TOKENS, 900 * n);
        }
        Replicates current = side(TINY, QUIET, 1, 1, 1).addWorkload("fake zero");

        GateResult failing = independent(baseline, current);
        assertThat(failing.missingWorkloads()).containsExactly("llama.cpp tiny");
        assertThat(failing.newWorkloads()).containsExactly("fake zero");
        assertThat(failing.regressions()).isZero();
        assertThat(failing.failed()).isTrue();
        assertThat(failing.summary()).isEqualTo("gate FAILED: 0 regressions, 0 improvements, 4 pass, 0 inconclusive; 1 workload missing; 1 new");

        GateSettings allow = new GateSettings(GateThresholds.defaultThresholds(), 0.01, 5, true);
        GateResult allowed = Gate.evaluate(new GateInput(GateInput.Design.INDEPENDENT, baseline, current, Optional.empty()), allow);
        assertThat(allowed.failed()).isFalse();
    }

    @Test
    void evaluate_noCommonWorkload_badInput() {
        assertThatThrownBy(() -> independent(side("a", QUIET, 1, 1, 1), side("b", QUIET, 1, 1, 1)))
                .isInstanceOf(GateInputException.class)
                .hasMessage("baseline and current have no workload in common (baseline: a; current: b); gate runs of the same suite");
    }

    /**
     * Rounds whose level drifts by up to 40% while the current is 15% slower within every round: as independent samples
     * the drift hides it, as pairs it is a regression.
     */
    @Test
    void evaluate_roundsWithDrift_pairingDetectsWhatWelchCannot() throws GateInputException {
        double[] level = {1.0, 1.4, 0.8, 1.2, 0.9, 1.3, 1.1, 0.85};
        double[] jitter = {1.01, 0.99, 1.0, 1.02, 0.98, 1.0, 1.01, 0.99};
        Replicates baseline = new Replicates();
        Replicates current = new Replicates();
        for (int round = 0; round < level.length; round++) {
            baseline.add(TINY, TTFT, 20 * level[round]);
            current.add(TINY, TTFT, 20 * level[round] * 1.15 * jitter[round]);
        }
        GateSettings settings = new GateSettings(GateThresholds.parse(java.util.List.of()), 0.01, 5, false);

        GateResult paired = Gate.evaluate(new GateInput(GateInput.Design.PAIRED_ROUNDS, baseline, current, Optional.empty()), settings);
        GateResult unpaired = Gate.evaluate(new GateInput(GateInput.Design.INDEPENDENT, baseline, current, Optional.empty()), settings);

        GateRow pairedRow = row(paired, TTFT);
        assertThat(pairedRow.verdict()).isInstanceOf(GateVerdict.Regression.class);
        assertThat(pairedRow.test().orElseThrow().design()).isEqualTo(RatioTest.Design.PAIRED_LOG);
        assertThat(pairedRow.test().orElseThrow().confidence()).isEqualTo(0.99);
        assertThat(row(unpaired, TTFT).verdict()).isInstanceOf(GateVerdict.Pass.class);
        assertThat(row(unpaired, TTFT).test().orElseThrow().design()).isEqualTo(RatioTest.Design.WELCH);
    }

    @Test
    void evaluate_pairedRoundsOfUnequalCount_rejected() {
        Replicates baseline = new Replicates().addAll(TINY, TTFT, 1, 2, 3, 4, 5);
        Replicates current = new Replicates().addAll(TINY, TTFT, 1, 2, 3, 4);
        assertThatThrownBy(() -> Gate.evaluate(new GateInput(GateInput.Design.PAIRED_ROUNDS, baseline, current, Optional.empty()),
                GateSettings.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("come in pairs");
    }

    @Test
    void evaluate_pooledBaselines_countAsOneSample() throws GateInputException {
        Replicates baseline = side(TINY, new double[] {1.0, 1.02, 0.98}, 1, 1, 1);
        baseline.addAll(TINY, TTFT, 20.1, 19.9, 20.2);
        for (double n : new double[] {1.01, 0.99, 1.0}) {
            baseline.add(TINY, TOKENS, 500 * n).add(TINY, ITL, 2 * n).add(TINY, RSS, 400e6 * n);
        }
        GateResult result = independent(baseline, side(TINY, QUIET, 1, 1, 1));

        assertThat(row(result, TTFT).test().orElseThrow().baselineCount()).isEqualTo(6);
        assertThat(row(result, TTFT).verdict()).isInstanceOf(GateVerdict.Pass.class);
    }

    static GateRow row(GateResult result, GateFigure figure) {
        return result.rows().stream().filter(r -> r.figure().equals(figure)).findFirst().orElseThrow();
    }

    private static GateVerdict verdict(GateResult result, GateFigure figure) {
        return row(result, figure).verdict();
    }
}
