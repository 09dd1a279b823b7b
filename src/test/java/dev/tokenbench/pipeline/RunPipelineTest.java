package dev.tokenbench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunPipelineTest {

    @Test
    void phases_describe_namesEveryPhaseAndTheirSum() {
        RunPipeline.Phases phases = new RunPipeline.Phases(170_240_000_000L, 6_100_000_000L, 4_300_000_000L, 3_000_000_000L);

        assertThat(phases.totalNanos()).isEqualTo(183_640_000_000L);
        assertThat(phases.describe()).isEqualTo("runs 170.2 s, agreement 6.1 s, calibration 4.3 s, report 3.0 s; total 183.6 s");
    }

    @Test
    void phases_skippedPhases_areZero() {
        assertThat(new RunPipeline.Phases(1_000_000_000L, 0, 0, 50_000_000L).describe())
                .isEqualTo("runs 1.0 s, agreement 0.0 s, calibration 0.0 s, report 0.1 s; total 1.1 s");
    }
}
