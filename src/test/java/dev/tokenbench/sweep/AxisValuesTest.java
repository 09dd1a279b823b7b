package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AxisValuesTest {

    @Test
    void range_doubling_includesBothEnds() {
        assertThat(AxisValues.range("1..32 x2")).containsExactly(1, 2, 4, 8, 16, 32);
    }

    @Test
    void range_stepping_includesBothEnds() {
        assertThat(AxisValues.range("32..512 +32")).hasSize(16).startsWith(32, 64).endsWith(480, 512);
    }

    @Test
    void range_endNotReached_stopsBelowIt() {
        assertThat(AxisValues.range("1..20 x3")).containsExactly(1, 3, 9);
        assertThat(AxisValues.range("5..5")).containsExactly(5);
        assertThat(AxisValues.range("1..4")).containsExactly(1, 2, 3, 4);
    }

    @Test
    void range_malformed_saysHowToWriteOne() {
        assertThatThrownBy(() -> AxisValues.range("1..32 *2")).hasMessageStartingWith("bad range '1..32 *2': write START..END");
        assertThatThrownBy(() -> AxisValues.range("1..32 x1")).hasMessage("bad range '1..32 x1': factor must be at least 2");
        assertThatThrownBy(() -> AxisValues.range("8..4")).hasMessage("bad range '8..4': end 4 is below start 8");
        assertThatThrownBy(() -> AxisValues.range("0..4")).hasMessage("bad range '0..4': start must be at least 1");
        assertThatThrownBy(() -> AxisValues.range("1..4 +0")).hasMessage("bad range '1..4 +0': step must be at least 1");
        assertThatThrownBy(() -> AxisValues.range("1..100000")).hasMessage("bad range '1..100000': more than 1000 values");
    }
}
