package dev.tokenbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.measure.ManualClock;
import org.junit.jupiter.api.Test;

class WorkloadParamsTest {

    @Test
    void engineOptions_sizesForTheRequestAndPassesTheModelThrough() {
        ManualClock clock = new ManualClock();
        EngineOptions options = new WorkloadParams("fake", "timing:1ms/2us/3ms", 8, 128, 64, 2, "f16").engineOptions(clock);

        assertThat(options.model()).isEqualTo("timing:1ms/2us/3ms");
        assertThat(options.maxBatchSize()).isEqualTo(8);
        assertThat(options.maxSequenceTokens()).isEqualTo(192);
        assertThat(options.threads()).isEqualTo(2);
        assertThat(options.precision()).isEqualTo("f16");
        assertThat(options.clock()).isSameAs(clock);
    }

    @Test
    void engineOptions_realFramework_keepsItsModel() {
        EngineOptions options = new WorkloadParams("djl-pytorch", "tiny", 1, 16, 4, 1, "f32").engineOptions(new ManualClock());

        assertThat(options.model()).isEqualTo("tiny");
    }

    @Test
    void names_areTheParamsOfEveryBenchmark() {
        assertThat(WorkloadParams.NAMES).containsExactly("framework", "model", "batchSize", "promptTokens", "newTokens", "threads", "precision");
    }
}
