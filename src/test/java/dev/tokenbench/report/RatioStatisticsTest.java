package dev.tokenbench.report;

import dev.tokenbench.measure.Figure;
import static org.assertj.core.api.Assertions.assertThat;
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
}
