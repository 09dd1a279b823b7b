package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTest {

    private static final double EXACT = 1e-12;

    @Test
    void of_oneToTen_matchesHandComputedFigures() {
        Statistics stats = Statistics.of(new double[] {7, 3, 10, 1, 5, 2, 9, 4, 8, 6});

        assertThat(stats.count()).isEqualTo(10);
        assertThat(stats.mean()).isEqualTo(5.5);
        // sample standard deviation: sqrt(82.5 / 9)
        assertThat(stats.stdDev().getAsDouble()).isCloseTo(3.0276503540974917, within(EXACT));
        assertThat(stats.min()).isEqualTo(1);
        assertThat(stats.max()).isEqualTo(10);
        // h = 9 * p; x[floor(h)] + frac(h) * (x[floor(h)+1] - x[floor(h)])
        assertThat(stats.p50()).isCloseTo(5.5, within(EXACT));
        assertThat(stats.p90()).isCloseTo(9.1, within(EXACT));
        assertThat(stats.p95()).isCloseTo(9.55, within(EXACT));
        assertThat(stats.p99()).isCloseTo(9.91, within(EXACT));
        // mean +- t(0.975, 9) * sd / sqrt(10), t = 2.2621571627409915
        assertThat(stats.ci95Lower().getAsDouble()).isCloseTo(3.3341494103866087, within(1e-9));
        assertThat(stats.ci95Upper().getAsDouble()).isCloseTo(7.665850589613392, within(1e-9));
    }

    @Test
    void of_twoSamples_usesStudentTWithOneDegreeOfFreedom() {
        Statistics stats = Statistics.of(new long[] {20, 10});

        assertThat(stats.mean()).isEqualTo(15);
        assertThat(stats.p50()).isEqualTo(15);
        // t(0.975, 1) = 12.706204736174705, sd = sqrt(50), half width = t * sqrt(50) / sqrt(2) = 5t
        assertThat(stats.ci95Lower().getAsDouble()).isCloseTo(-48.531023680873524, within(1e-9));
        assertThat(stats.ci95Upper().getAsDouble()).isCloseTo(78.53102368087352, within(1e-9));
    }

    @Test
    void of_singleSample_hasNoSpreadAndNoInterval() {
        Statistics stats = Statistics.of(new long[] {42});

        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.mean()).isEqualTo(42);
        assertThat(stats.stdDev()).isEmpty();
        assertThat(stats.ci95Lower()).isEmpty();
        assertThat(stats.ci95Upper()).isEmpty();
        assertThat(stats.min()).isEqualTo(42);
        assertThat(stats.p50()).isEqualTo(42);
        assertThat(stats.p99()).isEqualTo(42);
        assertThat(stats.max()).isEqualTo(42);
    }

    @Test
    void of_emptySamples_throwsNamingTheProblem() {
        assertThatThrownBy(() -> Statistics.of(new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("samples must hold at least 1 value, was empty");
    }

    @Test
    void of_nonFiniteSample_throws() {
        assertThatThrownBy(() -> Statistics.of(new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("samples must be finite, found NaN");
    }

    @Test
    void of_doesNotReorderCallersArray() {
        double[] samples = {3, 1, 2};
        Statistics.of(samples);
        assertThat(samples).containsExactly(3, 1, 2);
    }

    @Test
    void percentile_boundsAndInterpolation_matchDefinition() {
        double[] samples = {40, 10, 30, 20};
        assertThat(Statistics.percentile(samples, 0)).isEqualTo(10);
        assertThat(Statistics.percentile(samples, 100)).isEqualTo(40);
        // h = 3 * 0.25 = 0.75 -> 10 + 0.75 * 10
        assertThat(Statistics.percentile(samples, 25)).isCloseTo(17.5, within(EXACT));
        assertThatThrownBy(() -> Statistics.percentile(samples, 101))
                .hasMessage("percentile must be in [0, 100], was 101.0");
    }

    @Test
    void of_meanSummedInSampleOrder_asFigureComputesIt() {
        double[] samples = {1e16, -1e16, 1};

        assertThat(Statistics.of(samples).mean()).isEqualTo(1.0 / 3).isEqualTo(Statistics.mean(samples));
    }
}
