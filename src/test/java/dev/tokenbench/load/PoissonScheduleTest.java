package dev.tokenbench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoissonScheduleTest {

    @Test
    void arrivals_seed42Rate2_areTheSameOnEveryRun() {
        assertThat(PoissonSchedule.arrivals(2.0, 42, 6)).containsExactly(0, 676_555_299, 763_678_658, 926_960_197, 1_137_902_826, 1_157_288_921);
    }

    @Test
    void arrivals_areCumulativeExponentialGapsOfTheSeededGenerator() {
        SplittableRandom random = new SplittableRandom(7);
        long expected = 0;
        long[] arrivals = PoissonSchedule.arrivals(0.5, 7, 50);

        assertThat(arrivals[0]).isZero();
        for (int i = 1; i < arrivals.length; i++) {
            expected += Math.round(-Math.log(1 - random.nextDouble()) / 0.5 * 1e9);
            assertThat(arrivals[i]).as("arrival %d", i).isEqualTo(expected);
        }
    }

    @Test
    void arrivals_manyGaps_averageOneOverTheRate() {
        long[] arrivals = PoissonSchedule.arrivals(4.0, 1, 40_001);

        double meanGapSeconds = arrivals[40_000] / 1e9 / 40_000;

        assertThat(meanGapSeconds).isBetween(0.25 * 0.97, 0.25 * 1.03);
    }

    @Test
    void arrivals_otherSeed_differ() {
        assertThat(PoissonSchedule.arrivals(2.0, 43, 6)).isNotEqualTo(PoissonSchedule.arrivals(2.0, 42, 6));
    }

    @Test
    void constructor_rateNotPositive_isRefused() {
        assertThatThrownBy(() -> new PoissonSchedule(0, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new PoissonSchedule(Double.NaN, 1)).hasMessageContaining("positive");
    }
}
