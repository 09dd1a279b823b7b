package dev.tokenbench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reads the process's peak memory over a span: resident-set high-water mark from {@code /proc/self/status}
 * (VmHWM, reset through {@code /proc/self/clear_refs} where the kernel allows it) and the JVM heap pools' peaks.
 *
 * <p>Usage: {@code Window w = probe.start(); ...work...; MemoryPeaks peaks = w.end();}
 */
public final class MemoryProbe {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final Path PROC_CLEAR_REFS = Path.of("/proc/self/clear_refs");
    /** Writing this value to clear_refs resets the peak RSS to the current RSS (Linux 4.0 and later). */
    private static final String RESET_PEAK_RSS = "5";

    private final Path statusFile;
    private final Path clearRefsFile;
    private final HeapPools heapPools;

    /**
     * @param statusFile    a file in the format of {@code /proc/self/status}
     * @param clearRefsFile a file in the role of {@code /proc/self/clear_refs}
     * @param heapPools     the heap pools to read
     */
    public MemoryProbe(Path statusFile, Path clearRefsFile, HeapPools heapPools) {
        this.statusFile = Objects.requireNonNull(statusFile, "statusFile");
        this.clearRefsFile = Objects.requireNonNull(clearRefsFile, "clearRefsFile");
        this.heapPools = Objects.requireNonNull(heapPools, "heapPools");
    }

    /** The probe of this process: {@code /proc/self} and the running JVM's heap pools. */
    public static MemoryProbe system() {
        return new MemoryProbe(PROC_STATUS, PROC_CLEAR_REFS, HeapPools.jvm());
    }

    /** Current resident set size (VmRSS), absent where {@code /proc/self/status} cannot be read. */
    public OptionalLong residentSetBytes() {
        return readStatusField("VmRSS");
    }

    /** Resident-set high-water mark (VmHWM), absent where {@code /proc/self/status} cannot be read. */
    public OptionalLong peakResidentSetBytes() {
        return readStatusField("VmHWM");
    }

    /** Resets the peaks it can and opens a measured span. */
    public Window start() {
        RssPeakScope scope;
        if (peakResidentSetBytes().isEmpty()) {
            scope = RssPeakScope.UNAVAILABLE;
        } else {
            scope = resetPeakRss() ? RssPeakScope.PER_ITERATION : RssPeakScope.SINCE_PROCESS_START;
        }
        heapPools.resetPeaks();
        return new Window(scope);
    }

    private boolean resetPeakRss() {
        try {
            Files.writeString(clearRefsFile, RESET_PEAK_RSS, StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    private OptionalLong readStatusField(String field) {
        String text;
        try {
            text = Files.readString(statusFile, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
        return parseStatusField(text, field);
    }

    /** Parses a {@code Name:   1234 kB} line of a proc status text into bytes. */
    static OptionalLong parseStatusField(String statusText, String field) {
        String prefix = field + ":";
        for (String line : statusText.split("\n", -1)) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            String[] parts = line.substring(prefix.length()).trim().split("\\s+");
            if (parts.length != 2 || !parts[1].equals("kB")) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Math.multiplyExact(Long.parseLong(parts[0]), 1024L));
            } catch (NumberFormatException | ArithmeticException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** A measured span opened by {@link #start()}. */
    public final class Window {
        private final RssPeakScope scope;

        private Window(RssPeakScope scope) {
            this.scope = scope;
        }

        /** Which span the RSS peak will cover. */
        public RssPeakScope rssPeakScope() {
            return scope;
        }

        /** Reads the peaks reached since {@link #start()}. */
        public MemoryPeaks end() {
            OptionalLong rss = scope == RssPeakScope.UNAVAILABLE ? OptionalLong.empty() : peakResidentSetBytes();
            return new MemoryPeaks(rss, rss.isPresent() ? scope : RssPeakScope.UNAVAILABLE,
                    heapPools.peakUsedBytes(), OptionalLong.empty(), OptionalLong.empty());
        }
    }
}
