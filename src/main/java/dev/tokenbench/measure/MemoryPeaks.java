package dev.tokenbench.measure;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Peak memory figures of one measured span. A figure that cannot be read here is absent, never zero.
 *
 * @param peakRssBytes   resident-set high-water mark of the process (VmHWM), over {@code rssPeakScope}
 * @param rssPeakScope   the span {@code peakRssBytes} covers
 * @param heapPeakBytes  sum of the JVM heap pools' peak usage since their reset at the span's start
 * @param tensorBytes    bytes held by the engine's live native tensors at the span's end, where the engine tells
 * @param gpuMemoryBytes device memory in use, where a GPU and a way to read it exist
 */
public record MemoryPeaks(
        OptionalLong peakRssBytes,
        RssPeakScope rssPeakScope,
        OptionalLong heapPeakBytes,
        OptionalLong tensorBytes,
        OptionalLong gpuMemoryBytes) {

    public MemoryPeaks {
        Objects.requireNonNull(peakRssBytes, "peakRssBytes");
        Objects.requireNonNull(rssPeakScope, "rssPeakScope");
        Objects.requireNonNull(heapPeakBytes, "heapPeakBytes");
        Objects.requireNonNull(tensorBytes, "tensorBytes");
        Objects.requireNonNull(gpuMemoryBytes, "gpuMemoryBytes");
    }

    /** No figure at all, as on a system with nothing to read. */
    public static MemoryPeaks unavailable() {
        return new MemoryPeaks(OptionalLong.empty(), RssPeakScope.UNAVAILABLE, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    /** The same figures with the engine's live tensor bytes set. */
    public MemoryPeaks withTensorBytes(OptionalLong bytes) {
        return new MemoryPeaks(peakRssBytes, rssPeakScope, heapPeakBytes, bytes, gpuMemoryBytes);
    }
}
