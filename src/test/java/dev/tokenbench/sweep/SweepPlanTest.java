package dev.tokenbench.sweep;

import static dev.tokenbench.sweep.SweepSpecParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

    private static final List<Configuration> CONFIGURATIONS = Expansion.expand(
            parse("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': '1..128 x2'}}"), configuration -> { });

    @Test
    void runs_everyConfigurationOncePerRound_roundsInOrder() {
        List<Run> runs = SweepPlan.runs(CONFIGURATIONS, 3, 42);
        assertThat(runs).hasSize(3 * CONFIGURATIONS.size());
        for (int round = 1; round <= 3; round++) {
            List<Run> inRound = runs.subList((round - 1) * CONFIGURATIONS.size(), round * CONFIGURATIONS.size());
            int r = round;
            assertThat(inRound).allMatch(run -> run.round() == r);
            assertThat(inRound.stream().map(Run::configuration)).containsExactlyInAnyOrderElementsOf(CONFIGURATIONS);
        }
    }

    @Test
    void runs_sameSeed_sameOrder_otherRoundOrSeed_otherOrder() {
        assertThat(SweepPlan.runs(CONFIGURATIONS, 2, 42)).isEqualTo(SweepPlan.runs(CONFIGURATIONS, 2, 42));
        assertThat(SweepPlan.shuffled(CONFIGURATIONS, 42, 1)).isNotEqualTo(SweepPlan.shuffled(CONFIGURATIONS, 42, 2));
        assertThat(SweepPlan.shuffled(CONFIGURATIONS, 42, 1)).isNotEqualTo(SweepPlan.shuffled(CONFIGURATIONS, 43, 1));
        assertThat(SweepPlan.shuffled(CONFIGURATIONS, 42, 1)).isNotEqualTo(CONFIGURATIONS);
    }

    @Test
    void runs_seededOrder_isFixedAcrossJvms() {
        // java.util.Random's sequence is specified, so this order is the same on every machine and JVM.
        assertThat(SweepPlan.shuffled(CONFIGURATIONS.subList(0, 4), 42, 1).stream().map(Configuration::batchSize))
                .containsExactly(1, 4, 8, 2);
    }

    @Test
    void run_key_isTheRunFolder() {
        assertThat(new Run(CONFIGURATIONS.get(0), 2).key()).isEqualTo("generation-fake-zero-f32-b1-p128-n64-t1/round-2");
    }
}
