package dev.tokenbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The property every fuzz target of a parser checks: its only outcomes are a result or its documented one-line error,
 * and it allocates in proportion to the bytes it was given, never to a size those bytes merely claim.
 *
 * <p>A fuzz target calls {@link #parse} with the input's length and the parse; it catches the parser's documented
 * exception type and hands it to {@link #oneLineError}. Any other exception, an error message of several lines or
 * none, or an allocation beyond {@link #allocationBudgetBytes} fails the target, and Jazzer records the input.
 */
public final class FuzzChecks {

    /** Fixed allowance for one parse: JSON mappers, buffers, the first use of a class, a sweep's plan of a few hundred runs. */
    static final long BASE_ALLOCATION_BYTES = 128L << 20;
    /** Allowance per input byte: a JSON tree or a decoded table is tens of bytes of heap per byte of text. */
    static final long ALLOCATION_BYTES_PER_INPUT_BYTE = 256;

    /**
     * Longest one parse may take: longer is a hang. Generous, since the machine may be loaded; a JUnit
     * {@code @Timeout} would not do, since in fuzzing mode it bounds the whole run of a target.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Path SCRATCH = scratch();

    private FuzzChecks() {
    }

    /** A parse that may throw its documented exception. */
    @FunctionalInterface
    public interface Parse {
        void run() throws Exception;
    }

    /** The most one parse of {@code inputBytes} bytes may allocate on the heap. */
    public static long allocationBudgetBytes(long inputBytes) {
        return BASE_ALLOCATION_BYTES + ALLOCATION_BYTES_PER_INPUT_BYTE * inputBytes;
    }

    /**
     * Runs {@code parse} on a thread of its own, and fails if it takes more than {@link #TIMEOUT} or allocates more
     * than {@link #allocationBudgetBytes} of {@code inputBytes}; exceptions pass through unchanged. A parse over budget
     * is run once more and judged by its second allocation, so that loading (and Jazzer's instrumenting) the classes a
     * parse meets for the first time is not counted.
     */
    public static void parse(long inputBytes, Parse parse) throws Exception {
        long allocated = allocatedBy(inputBytes, parse);
        if (allocated > allocationBudgetBytes(inputBytes)) {
            allocated = allocatedBy(inputBytes, parse);
        }
        assertThat(allocated)
                .as("heap bytes allocated to parse an input of %d bytes", inputBytes)
                .isLessThanOrEqualTo(allocationBudgetBytes(inputBytes));
    }

    private static long allocatedBy(long inputBytes, Parse parse) {
        return assertTimeoutPreemptively(TIMEOUT, () -> {
            long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            parse.run();
            return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        }, () -> "parse of an input of " + inputBytes + " bytes took more than " + TIMEOUT.toSeconds() + " s");
    }

    /** Checks a documented error: a message of one non-blank line that contains {@code names} (a file or value). */
    public static void oneLineError(Throwable error, String names) {
        String message = error.getMessage();
        assertThat(message).as("message of %s", error.getClass().getName()).isNotBlank();
        assertThat(message).as("message of %s", error.getClass().getName()).doesNotContain("\n", "\r");
        assertThat(message).as("message of %s", error.getClass().getName()).contains(names);
    }

    /** A fresh empty folder for one input, under this JVM's scratch folder (deleted at exit). */
    public static Path folder(String name) throws IOException {
        Path folder = SCRATCH.resolve(name);
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(folder);
    }

    /** Writes {@code bytes} as {@code fileName} in the fresh folder {@code folderName}. */
    public static Path write(String folderName, String fileName, byte[] bytes) throws IOException {
        return Files.write(folder(folderName).resolve(fileName), bytes);
    }

    private static Path scratch() {
        try {
            Path folder = Files.createTempDirectory("tokenbench-fuzz-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> paths = Files.walk(folder)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (IOException | UncheckedIOException e) {
                    // a scratch folder left in the temp directory is harmless
                }
            }));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
