package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BenchmarkResultTest {

    @Test
    void of_metricsAndMemory_carriesEveryFigureAndTheRawSamples() {
        BenchmarkResult result = TestResults.result();

        assertThat(result.schemaVersion()).isEqualTo(BenchmarkResult.SCHEMA_VERSION);
        assertThat(result.measuredRuns()).isEqualTo(2);
        assertThat(result.warmupRuns()).isEqualTo(1);
        assertThat(result.timeToFirstTokenNanos().orElseThrow().count()).isEqualTo(4);
        assertThat(result.interTokenLatencyNanos().orElseThrow().mean()).isEqualTo(81.25);
        assertThat(result.endToEndNanos().max()).isEqualTo(600);
        assertThat(result.samples().interTokenLatencyNanos()).containsExactly(50, 100, 30, 70, 100, 100, 100, 100);
        assertThat(result.samples().requestWallNanos()).hasSize(2);
        assertThat(result.outputTokensPerSecond().getAsDouble()).isCloseTo(12 / 900e-9, within(1e-3));
    }

    @Test
    void of_peakRssOfOneGib_memoryEfficiencyIsTokensPerSecondPerGib() {
        BenchmarkResult result = TestResults.result();

        // 12 tokens / 900 ns over 1 GiB; 12 tokens over 1024 MiB
        assertThat(result.memoryEfficiency().getAsDouble()).isCloseTo(12 / 900e-9, within(1e-3));
        assertThat(result.tokensPerPeakMib().getAsDouble()).isCloseTo(12 / 1024.0, within(1e-12));
    }

    @Test
    void of_noPeakRss_memoryEfficiencyIsAbsent() {
        BenchmarkResult result = BenchmarkResult.of(TestResults.result().framework(), TestResults.result().workload(), 0,
                TestResults.metrics(), MemoryPeaks.unavailable(), TestResults.environment(), Instant.EPOCH);

        assertThat(result.memoryEfficiency()).isEmpty();
        assertThat(result.tokensPerPeakMib()).isEmpty();
        assertThat(result.memory().peakRssBytes()).isEmpty();
    }

    @Test
    void constructor_noMeasuredRuns_throws() {
        BenchmarkResult valid = TestResults.result();
        assertThatThrownBy(() -> new BenchmarkResult(1, Instant.EPOCH, valid.framework(), valid.workload(), 0, 0,
                Optional.empty(), Optional.empty(), Optional.empty(), valid.endToEndNanos(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), valid.memory(), OptionalDouble.empty(), OptionalDouble.empty(),
                valid.samples(), valid.environment()))
                .hasMessage("measuredRuns must be >= 1, was 0");
    }

    @Test
    void workload_nonPositiveBatch_throws() {
        assertThatThrownBy(() -> new Workload("tiny", "f32", 0, OptionalInt.empty(), 1, 1)).hasMessage("batchSize must be >= 1, was 0");
    }
}
