package dev.tokenbench.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Runs one configuration once, in isolation, into a run folder. */
@FunctionalInterface
public interface ConfigurationRunner {

    /**
     * Runs {@code configuration} with {@code jmh}'s settings and writes its results into {@code folder}.
     *
     * @param folder  an empty folder that exists
     * @param timeout how long it may take before it is stopped and recorded as failed
     * @return empty when it produced a result; else the one-line reason it did not (crash, out of memory,
     *         timeout, engine error)
     */
    Optional<String> run(Configuration configuration, JmhSettings jmh, Duration timeout, Path folder) throws IOException, InterruptedException;
}
