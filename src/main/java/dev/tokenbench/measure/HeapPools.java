package dev.tokenbench.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.OptionalLong;

/** The JVM heap's memory pools: their summed peak usage, and a reset of those peaks. */
public interface HeapPools {

    /** Sum of the heap pools' peak used bytes since the last {@link #resetPeaks()}; absent if no pool reports one. */
    OptionalLong peakUsedBytes();

    /** Starts a new peak window in every heap pool. */
    void resetPeaks();

    /** The running JVM's heap pools ({@link MemoryType#HEAP}). */
    static HeapPools jvm() {
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
                .toList();
        return new HeapPools() {
            @Override
            public OptionalLong peakUsedBytes() {
                long sum = 0;
                boolean any = false;
                for (MemoryPoolMXBean pool : heapPools) {
                    MemoryUsage peak = pool.getPeakUsage();
                    if (peak != null) {
                        sum += peak.getUsed();
                        any = true;
                    }
                }
                return any ? OptionalLong.of(sum) : OptionalLong.empty();
            }

            @Override
            public void resetPeaks() {
                heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            }
        };
    }
}
