package dev.tokenbench.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatesTest {

    @Test
    void of_fiveTrials_bestIsFastestMedianIsMiddleWorstIsSlowest() {
        // 1 GB in 40, 10, 20, 50, 25 ms: sorted 10, 20, 25, 40, 50 ms
        Rates rates = Rates.of(1e9, List.of(40_000_000L, 10_000_000L, 20_000_000L, 50_000_000L, 25_000_000L));
        assertThat(rates.best()).isCloseTo(100e9, within(1.0));
        assertThat(rates.median()).isCloseTo(40e9, within(1.0));
        assertThat(rates.worst()).isCloseTo(20e9, within(1.0));
        // type-7 quartiles of the times: 20 ms and 40 ms
        assertThat(rates.p75()).isCloseTo(50e9, within(1.0));
        assertThat(rates.p25()).isCloseTo(25e9, within(1.0));
    }

    @Test
    void of_oneTrial_allFiguresEqual() {
        Rates rates = Rates.of(8, List.of(2_000_000_000L));
        assertThat(List.of(rates.best(), rates.median(), rates.worst(), rates.p25(), rates.p75())).containsOnly(4.0);
    }

    @Test
    void of_noTrialsOrZeroTime_rejected() {
        assertThatThrownBy(() -> Rates.of(1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rates.of(1, List.of(5L, 0L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trial 1 took 0 ns");
    }
}
