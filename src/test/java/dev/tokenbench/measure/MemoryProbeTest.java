package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryProbeTest {

    private static final String STATUS = "Name:\tjava\nVmPeak:\t 9999999 kB\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\nThreads:\t12\n";

    @TempDir
    Path dir;

    /** Heap pools whose peak and resets the test controls. */
    private static final class FakeHeapPools implements HeapPools {
        long peak = 12_345;
        int resets;

        @Override
        public OptionalLong peakUsedBytes() {
            return OptionalLong.of(peak);
        }

        @Override
        public void resetPeaks() {
            resets++;
        }
    }

    @Test
    void window_resettableClearRefs_reportsPerIterationPeaks() throws IOException {
        Path status = Files.writeString(dir.resolve("status"), STATUS);
        Path clearRefs = dir.resolve("clear_refs");
        FakeHeapPools heap = new FakeHeapPools();
        MemoryProbe probe = new MemoryProbe(status, clearRefs, heap);

        MemoryProbe.Window window = probe.start();
        MemoryPeaks peaks = window.end();

        assertThat(Files.readString(clearRefs)).isEqualTo("5");
        assertThat(heap.resets).isEqualTo(1);
        assertThat(peaks.rssPeakScope()).isEqualTo(RssPeakScope.PER_ITERATION);
        assertThat(peaks.peakRssBytes()).hasValue(2048L * 1024);
        assertThat(peaks.heapPeakBytes()).hasValue(12_345);
        assertThat(peaks.tensorBytes()).isEmpty();
        assertThat(peaks.gpuMemoryBytes()).isEmpty();
        assertThat(probe.residentSetBytes()).hasValue(1024L * 1024);
    }

    @Test
    void window_clearRefsNotWritable_reportsPeakSinceProcessStart() throws IOException {
        Path status = Files.writeString(dir.resolve("status"), STATUS);
        MemoryProbe probe = new MemoryProbe(status, dir.resolve("missing-dir").resolve("clear_refs"), new FakeHeapPools());

        MemoryPeaks peaks = probe.start().end();

        assertThat(peaks.rssPeakScope()).isEqualTo(RssPeakScope.SINCE_PROCESS_START);
        assertThat(peaks.peakRssBytes()).hasValue(2048L * 1024);
    }

    @Test
    void window_noStatusFile_reportsAbsentRssNotZero() {
        MemoryProbe probe = new MemoryProbe(dir.resolve("no-status"), dir.resolve("clear_refs"), new FakeHeapPools());

        MemoryPeaks peaks = probe.start().end();

        assertThat(peaks.rssPeakScope()).isEqualTo(RssPeakScope.UNAVAILABLE);
        assertThat(peaks.peakRssBytes()).isEmpty();
        assertThat(peaks.heapPeakBytes()).hasValue(12_345);
        assertThat(Files.exists(dir.resolve("clear_refs"))).isFalse();
    }

    @Test
    void parseStatusField_malformedOrMissingLines_areAbsent() {
        assertThat(MemoryProbe.parseStatusField("VmHWM:\t12 MB\n", "VmHWM")).isEmpty();
        assertThat(MemoryProbe.parseStatusField("VmHWM:\tlots kB\n", "VmHWM")).isEmpty();
        assertThat(MemoryProbe.parseStatusField("VmRSS:\t1 kB\n", "VmHWM")).isEmpty();
        assertThat(MemoryProbe.parseStatusField("VmHWMX:\t1 kB\nVmHWM:\t3 kB\n", "VmHWM")).hasValue(3072);
    }

    @Test
    void system_onLinux_readsThisProcess() {
        MemoryProbe probe = MemoryProbe.system();
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertThat(probe.residentSetBytes().getAsLong()).isPositive();
            assertThat(probe.start().end().heapPeakBytes().getAsLong()).isPositive();
        } else {
            assertThat(probe.residentSetBytes()).isEmpty();
        }
    }
}
