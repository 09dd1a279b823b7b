package dev.tokenbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.measure.HeapPools;
import dev.tokenbench.measure.ManualClock;
import dev.tokenbench.measure.MemoryPeaks;
import dev.tokenbench.measure.MemoryProbe;
import dev.tokenbench.measure.RssPeakScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

class MemoryProfilerTest {

    @TempDir
    Path dir;

    private static final IterationParams MEASURED = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.seconds(1), 1);
    private static final IterationParams WARMUP = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);

    private MemoryProfiler profiler(boolean resettable) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name: java\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n");
        Path clearRefs = resettable ? dir.resolve("clear_refs") : dir.resolve("missing").resolve("clear_refs");
        HeapPools heap = new HeapPools() {
            @Override
            public OptionalLong peakUsedBytes() {
                return OptionalLong.of(4096);
            }

            @Override
            public void resetPeaks() {
            }
        };
        return new MemoryProfiler(new MemoryProbe(status, clearRefs, heap), new ForkRecorder(new ManualClock()));
    }

    @Test
    void afterIteration_measured_reportsPeaksInBytesAggregatedByMax() throws IOException {
        MemoryProfiler profiler = profiler(true);
        profiler.beforeIteration(null, MEASURED);

        var results = profiler.afterIteration(null, MEASURED, null);

        assertThat(results).extracting(Result::getLabel).containsExactly("rss.peak", "heap.peak");
        assertThat(results).extracting(Result::getScore).containsExactly(2048.0 * 1024, 4096.0);
        assertThat(results).extracting(Result::getScoreUnit).containsOnly("bytes");
    }

    @Test
    void afterIteration_kernelRefusesTheReset_namesTheFigureSinceForkStart() throws IOException {
        MemoryProfiler profiler = profiler(false);
        profiler.beforeIteration(null, MEASURED);

        assertThat(profiler.afterIteration(null, MEASURED, null)).extracting(Result::getLabel).contains("rss.peak.since_fork_start");
    }

    @Test
    void afterIteration_warmup_givesNothing() throws IOException {
        MemoryProfiler profiler = profiler(true);
        profiler.beforeIteration(null, WARMUP);

        assertThat(profiler.afterIteration(null, WARMUP, null)).isEmpty();
    }

    @Test
    void results_absentFigures_areNotEmittedAsZero() {
        MemoryPeaks peaks = new MemoryPeaks(OptionalLong.empty(), RssPeakScope.UNAVAILABLE, OptionalLong.empty(),
                OptionalLong.of(77), OptionalLong.empty());

        assertThat(MemoryProfiler.results(peaks)).extracting(ScalarResult::getLabel).containsExactly("tensor.bytes");
    }
}
