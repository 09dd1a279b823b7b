package dev.tokenbench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GateCampaignTest {

    @Test
    void fakeSchedule_everyDelayScaled() {
        assertThat(GateCampaign.fakeSchedule(1.0)).isEqualTo("timing:20000us/50us/2000us");
        assertThat(GateCampaign.fakeSchedule(1.1)).isEqualTo("timing:22000us/55us/2200us");
        assertThat(GateCampaign.fakeSchedule(1.2)).isEqualTo("timing:24000us/60us/2400us");
    }

    @Test
    void slowedSuites_fakeByItsScheduleRealByTheHog() {
        assertThat(GateCampaign.Suite.FAKE.arguments(GateCampaign.Condition.SLOW20)).contains("model=timing:24000us/60us/2400us")
                .doesNotContain("model=timing:20000us/50us/2000us", "--no-calibration").endsWith("-f", "1");
        assertThat(GateCampaign.Suite.FAKE.overrides(GateCampaign.Condition.SLOW10)).singleElement()
                .satisfies(o -> assertThat(o.suiteValue()).isEqualTo("timing:20000us/50us/2000us"));
        assertThat(GateCampaign.Suite.REAL.arguments(GateCampaign.Condition.SLOW20)).isEqualTo(GateCampaign.Suite.REAL.arguments(GateCampaign.Condition.AA));
        assertThat(GateCampaign.Suite.REAL.slowedByHog()).isTrue();
        assertThat(GateCampaign.Suite.SMALL.arguments(GateCampaign.Condition.SLOW10)).contains("model=small").endsWith("-f", "3");
        assertThat(GateCampaign.Suite.SMALL.slowedByHog()).isTrue();
        assertThat(GateCampaign.Suite.FAKE.slowedByHog()).isFalse();
    }

    @Test
    void cpuHogShare_leavesTheForkOneOverOnePlusSlowdown() {
        assertThat(CpuHog.shareFor(0.10)).isCloseTo(1 / 11.0, within(1e-12));
        assertThat(CpuHog.shareFor(0.20)).isCloseTo(1 / 6.0, within(1e-12));
        assertThat(1 / (1 - CpuHog.shareFor(0.20))).isCloseTo(1.2, within(1e-12));
    }
}
