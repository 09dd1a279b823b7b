package dev.tokenbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.measure.Statistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleStatisticsTest {

    private static final double[] SAMPLES = {5, 1, 4, 2, 3, 3};

    @Test
    void percentile_anyRank_equalsTokenbenchDefinition() {
        SampleStatistics statistics = new SampleStatistics(SAMPLES);

        for (double rank : new double[] {0, 10, 50, 90, 99, 99.9, 100}) {
            assertThat(statistics.getPercentile(rank)).as("p" + rank).isEqualTo(Statistics.percentile(SAMPLES, rank));
        }
        // sorted 1 2 3 3 4 5: p50 at position 2.5 = 3; p90 at 4.5 = 4.5
        assertThat(statistics.getPercentile(50)).isEqualTo(3.0);
        assertThat(statistics.getPercentile(90)).isEqualTo(4.5);
    }

    @Test
    void moments_knownSamples_matchHandComputation() {
        SampleStatistics statistics = new SampleStatistics(SAMPLES);

        assertThat(statistics.getN()).isEqualTo(6);
        assertThat(statistics.getSum()).isEqualTo(18.0);
        assertThat(statistics.getMean()).isEqualTo(3.0);
        assertThat(statistics.getMin()).isEqualTo(1.0);
        assertThat(statistics.getMax()).isEqualTo(5.0);
        // squares of deviations 4 + 1 + 0 + 0 + 1 + 4 = 10, over n - 1 = 5
        assertThat(statistics.getVariance()).isEqualTo(2.0);
    }

    @Test
    void rawData_repeatedValues_areCounted() {
        List<Map.Entry<Double, Long>> entries = new ArrayList<>();
        new SampleStatistics(SAMPLES).getRawData().forEachRemaining(entries::add);

        assertThat(entries).extracting(Map.Entry::getKey).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(entries).extracting(Map.Entry::getValue).containsExactly(1L, 1L, 2L, 1L, 1L);
    }

    @Test
    void histogram_levels_countHalfOpenBins() {
        assertThat(new SampleStatistics(SAMPLES).getHistogram(new double[] {0, 2, 4, 6})).containsExactly(1, 3, 2);
    }

    @Test
    void constructor_empty_isRefused() {
        assertThatThrownBy(() -> new SampleStatistics(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
