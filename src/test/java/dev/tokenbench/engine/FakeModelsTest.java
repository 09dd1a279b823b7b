package dev.tokenbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FakeModelsTest {

    @Test
    void timing_namedModels_areTheirSchedules() {
        assertThat(FakeModels.timing("zero")).hasValue(FakeEngine.Timing.ZERO);
        assertThat(FakeModels.timing("paced")).hasValue(new FakeEngine.Timing(20_000_000, 50_000, 2_000_000));
        assertThat(FakeModels.PACED_TIMING.timeToFirstTokenNanos(128)).isEqualTo(26_400_000);
    }

    @Test
    void timing_spelledOut_parsesEveryUnit() {
        assertThat(FakeModels.timing("timing:20ms/50us/2ms")).hasValue(new FakeEngine.Timing(20_000_000, 50_000, 2_000_000));
        assertThat(FakeModels.timing("timing:1s/0/1500ns")).hasValue(new FakeEngine.Timing(1_000_000_000, 0, 1_500));
        assertThat(FakeModels.timing("timing:0.5ms/0/0")).hasValue(new FakeEngine.Timing(500_000, 0, 0));
    }

    @Test
    void timing_malformed_isEmpty() {
        assertThat(FakeModels.timing("huge")).isEmpty();
        assertThat(FakeModels.timing("tiny")).hasValue(FakeEngine.Timing.ZERO);
        assertThat(FakeModels.timing("timing:20ms/2ms")).isEmpty();
        assertThat(FakeModels.timing("timing:20/0/0")).isEmpty();
        assertThat(FakeModels.timing("timing:-1ms/0/0")).isEmpty();
        assertThat(FakeModels.timing("timing:ms/0/0")).isEmpty();
    }
}
