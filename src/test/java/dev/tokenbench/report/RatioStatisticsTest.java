package dev.tokenbench.report;

import dev.tokenbench.measure.Figure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatioStatisticsTest {

    private static final double EPS = 1e-9;

    /**
     * x = [10, 12, 14], y = [5, 6, 7]: mx = 12, my = 6, vx = 4/3 / ... = var(x)/3 = 4/3, vy = 1/3.
     * Welch df = (5/3)^2 / ((4/3)^2/2 + (1/3)^2/2) = 50/17; t(0.975, 50/17) = 3.2187586145.
     * Fieller: (72 -+ t sqrt(96 - 4 t^2 / 9)) / (36 - t^2 / 3) = [1.2667515595, 3.1576831069].
     * Welch t = 6 / sqrt(5/3) = 4.6475800154, two-sided p = 0.0196198258 (scipy.stats.ttest_ind, equal_var=False).
     */
    @Test
    void compare_higherThroughput_matchesHandComputedFiellerIntervalAndWelchP() {
        RatioEstimate estimate = RatioStatistics.compare(new double[] {10, 12, 14}, new double[] {5, 6, 7}, Figure.Direction.HIGHER_IS_BETTER);

        assertThat(estimate.ratio()).isCloseTo(2.0, within(EPS));
        assertThat(estimate.ci95Lower().getAsDouble()).isCloseTo(1.2667515594614558, within(1e-8));
        assertThat(estimate.ci95Upper().getAsDouble()).isCloseTo(3.157683106938943, within(1e-8));
        assertThat(estimate.pValue().getAsDouble()).isCloseTo(0.0196198257591929, within(1e-8));
        assertThat(estimate.verdict()).isEqualTo(Verdict.BETTER);
        assertThat(estimate.iterations()).isEqualTo(3);
        assertThat(estimate.baselineIterations()).isEqualTo(3);
    }

    @Test
    void compare_higherLatency_isWorse() {
        RatioEstimate estimate = RatioStatistics.compare(new double[] {10, 12, 14}, new double[] {5, 6, 7}, Figure.Direction.LOWER_IS_BETTER);

        assertThat(estimate.verdict()).isEqualTo(Verdict.WORSE);
    }

    /** Equal means: t = 0, p = 1; Fieller [0.9498635710, 1.0540507454] at df 5.0103 (scipy). */
    @Test
    void compare_equalMeans_noClearDifferenceAndIntervalHoldsOne() {
        RatioEstimate estimate = RatioStatistics.compare(new double[] {6.1, 5.9, 6.0, 6.2}, new double[] {6.0, 6.1, 5.8, 6.3},
                Figure.Direction.LOWER_IS_BETTER);

        assertThat(estimate.ratio()).isCloseTo(1.0, within(EPS));
        assertThat(estimate.pValue().getAsDouble()).isCloseTo(1.0, within(EPS));
        assertThat(estimate.ci95Lower().getAsDouble()).isCloseTo(0.9498635710467248, within(1e-8));
        assertThat(estimate.ci95Upper().getAsDouble()).isCloseTo(1.0540507453539445, within(1e-8));
        assertThat(estimate.verdict()).isEqualTo(Verdict.NO_CLEAR_DIFFERENCE);
    }

    @Test
    void compare_intervalExcludesOne_exactlyWhenSignificant() {
        double[][] cases = {{1, 2, 3}, {2, 3, 4}, {1.5, 2.5, 3.5, 2}, {10, 11, 9, 10.5}};
        double[] baseline = {1, 1.5, 2, 2.5};
        for (double[] values : cases) {
            RatioEstimate e = RatioStatistics.compare(values, baseline, Figure.Direction.HIGHER_IS_BETTER);
            boolean excludesOne = e.ci95Lower().getAsDouble() > 1 || e.ci95Upper().getAsDouble() < 1;
            assertThat(excludesOne).as("p=%s", e.pValue()).isEqualTo(e.pValue().getAsDouble() < 0.05);
        }
    }

    /** Baseline mean not clearly above zero (my^2 <= t^2 vy): the interval is unbounded. */
    @Test
    void compare_noisyBaselineNearZero_intervalAbsent() {
        RatioEstimate estimate = RatioStatistics.compare(new double[] {5, 5.1, 4.9}, new double[] {-1, 0.5, 2}, Figure.Direction.HIGHER_IS_BETTER);

        assertThat(estimate.ci95Lower()).isEmpty();
        assertThat(estimate.ci95Upper()).isEmpty();
        assertThat(estimate.pValue()).isPresent();
    }

    @Test
    void compare_singleIteration_notTested() {
        RatioEstimate estimate = RatioStatistics.compare(new double[] {4}, new double[] {2, 2.2}, Figure.Direction.HIGHER_IS_BETTER);

        assertThat(estimate.ratio()).isCloseTo(4 / 2.1, within(EPS));
        assertThat(estimate.verdict()).isEqualTo(Verdict.NOT_TESTED);
        assertThat(estimate.pValue()).isEmpty();
    }

    @Test
    void compare_noSpreadOnEitherSide_notTested() {
        RatioEstimate estimate = RatioStatistics.compare(new double[] {3, 3}, new double[] {2, 2}, Figure.Direction.HIGHER_IS_BETTER);

        assertThat(estimate.ratio()).isCloseTo(1.5, within(EPS));
        assertThat(estimate.verdict()).isEqualTo(Verdict.NOT_TESTED);
    }

    @Test
    void welchDegreesOfFreedom_matchesHandComputed() {
        assertThat(RatioStatistics.welchDegreesOfFreedom(4.0 / 3, 1.0 / 3, 3, 3)).isCloseTo(50.0 / 17, within(EPS));
    }

    /** Welch at 99%: same data as the first case, t(0.995, 50/17) gives Fieller [0.7710680454, 5.1876096071] (scipy). */
    @Test
    void welch_confidence99_widerFiellerIntervalSameP() {
        RatioTest test = RatioStatistics.welch(new double[] {10, 12, 14}, new double[] {5, 6, 7}, 0.99);

        assertThat(test.design()).isEqualTo(RatioTest.Design.WELCH);
        assertThat(test.lower().getAsDouble()).isCloseTo(0.7710680453859995, within(1e-8));
        assertThat(test.upper().getAsDouble()).isCloseTo(5.1876096071360145, within(1e-8));
        assertThat(test.pValue().getAsDouble()).isCloseTo(0.0196198257591929, within(1e-8));
        assertThat(test.significantAt(0.05)).isTrue();
        assertThat(test.significantAt(0.01)).isFalse();
    }

    /**
     * x = [10.5, 11, 12.6, 9.9, 11.3], y = [10, 10, 11, 9, 10]: d = ln(x/y), mean 0.0995... ; geometric mean ratio
     * 1.1046029394, t-test of mean(d) = 0 with 4 df p = 0.0026157487 (scipy.stats.ttest_1samp); 95% interval
     * exp(mean -+ t(0.975, 4) se) = [1.0598374678, 1.1512592174], 99% [1.0313645160, 1.1830421106].
     */
    @Test
    void paired_logRatios_matchHandComputedIntervalAndP() {
        double[] current = {10.5, 11, 12.6, 9.9, 11.3};
        double[] baseline = {10, 10, 11, 9, 10};

        RatioTest at95 = RatioStatistics.paired(current, baseline, 0.95);
        RatioTest at99 = RatioStatistics.paired(current, baseline, 0.99);

        assertThat(at95.design()).isEqualTo(RatioTest.Design.PAIRED_LOG);
        assertThat(at95.ratio()).isCloseTo(1.10460293939679, within(1e-10));
        assertThat(at95.pValue().getAsDouble()).isCloseTo(0.002615748700810394, within(1e-10));
        assertThat(at95.lower().getAsDouble()).isCloseTo(1.0598374677978053, within(1e-10));
        assertThat(at95.upper().getAsDouble()).isCloseTo(1.1512592173772884, within(1e-10));
        assertThat(at99.lower().getAsDouble()).isCloseTo(1.0313645159691094, within(1e-10));
        assertThat(at99.upper().getAsDouble()).isCloseTo(1.1830421105553852, within(1e-10));
        assertThat(at95.count()).isEqualTo(5);
    }

    /**
     * Rounds whose level drifts by 30% while the current is 4-6% slower in every round: Welch sees only the drift
     * (p = 0.61, scipy ttest_ind equal_var=False), the paired test sees the slowdown (p = 9.5e-5, ttest_1samp on logs).
     */
    @Test
    void paired_roundDrift_cancelledWhereWelchIsBlind() {
        double[] baseline = {100, 130, 90, 120, 105};
        double[] current = {105.0, 137.8, 93.60000000000001, 126.0, 110.77499999999999};

        assertThat(RatioStatistics.welch(current, baseline, 0.99).pValue().getAsDouble()).isCloseTo(0.6086684551719418, within(1e-8));
        RatioTest paired = RatioStatistics.paired(current, baseline, 0.99);
        assertThat(paired.pValue().getAsDouble()).isCloseTo(9.523873027774875e-05, within(1e-9));
        assertThat(paired.lower().getAsDouble()).isGreaterThan(1);
    }

    @Test
    void paired_intervalExcludesOne_exactlyWhenSignificant() {
        double[] baseline = {10, 11, 9, 10.5, 10.2};
        double[][] cases = {{10.1, 11.2, 9.1, 10.4, 10.3}, {11, 12, 9.9, 11.6, 11.1}, {9, 11.5, 9.5, 10, 10.9}, {10, 11, 9, 10.5, 10.3}};
        for (double[] values : cases) {
            RatioTest test = RatioStatistics.paired(values, baseline, 0.99);
            boolean excludesOne = test.lower().getAsDouble() > 1 || test.upper().getAsDouble() < 1;
            assertThat(excludesOne).as("p=%s", test.pValue()).isEqualTo(test.significantAt(0.01));
        }
    }

    @Test
    void paired_fewerThanTwoPairsOrNonPositiveOrNoSpread_untested() {
        assertThat(RatioStatistics.paired(new double[] {2}, new double[] {1}, 0.99).tested()).isFalse();
        assertThat(RatioStatistics.paired(new double[] {2, 0}, new double[] {1, 1}, 0.99).tested()).isFalse();
        RatioTest constant = RatioStatistics.paired(new double[] {2, 4, 6}, new double[] {1, 2, 3}, 0.99);
        assertThat(constant.tested()).isFalse();
        assertThat(constant.ratio()).isCloseTo(2.0, within(EPS));
    }

    @Test
    void paired_unequalLengths_rejected() {
        assertThatThrownBy(() -> RatioStatistics.paired(new double[] {1, 2}, new double[] {1}, 0.99))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
    }
}
