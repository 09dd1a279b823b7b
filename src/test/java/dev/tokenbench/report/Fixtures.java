package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The committed report fixtures: real runs of the project (trimmed), hand-made old-format and hostile files,
 * and golden outputs. Paths are relative to the project folder (Maven's working directory), so messages
 * naming them are stable. Run with {@code -Dgolden.update=true} to rewrite the golden files after a deliberate change.
 */
final class Fixtures {

    static final Path DIR = Path.of("src", "test", "resources", "dev", "tokenbench", "report");
    /** A real run: djl-pytorch and fake on tiny, batch 1 and 4, prompt 32 and 128, 16 new tokens, 5 iterations. */
    static final Path SWEEP_RUN = DIR.resolve("runs/20261128T143408Z-8f02a09836");
    /** A real default run (trimmed to the zero-delay fake and djl-pytorch tiny at batch 1), 10 iterations. */
    static final Path DEFAULT_RUN = DIR.resolve("runs/20261128T142326Z-ff5d6c8bbe");
    /** A run in which one configuration failed (failures.json), no env.json. */
    static final Path FAILED_RUN = DIR.resolve("runs/20261128T150000Z-failedrun");
    /** JMH 1.21/1.23 output by hand: {@code ·} prefixes, NaN and INF strings, no params, rawDataHistogram, a text result. */
    static final Path OLD_FORMAT = DIR.resolve("old-format.json");
    /** Benchmark and parameter names with HTML, quotes, commas, pipes and a newline. */
    static final Path HOSTILE = DIR.resolve("hostile.json");

    private Fixtures() {
    }

    static Comparison compare(Path... inputs) throws IOException {
        return Reports.compareFiles(List.of(inputs), Optional.empty());
    }

    /** Asserts {@code actual} equals the golden file {@code name}, or rewrites it with {@code -Dgolden.update=true}. */
    static void assertGolden(String name, String actual) throws IOException {
        Path golden = DIR.resolve("golden").resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file %s (rewrite with -Dgolden.update=true)", golden).exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
