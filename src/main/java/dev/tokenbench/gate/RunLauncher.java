package dev.tokenbench.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/** Runs a tokenbench jar's suite once, writing JMH's JSON to a file (and its companions beside it). */
public interface RunLauncher {

    /**
     * Runs {@code jar} with {@code arguments} and blocks until it ends.
     *
     * @param resultsFile where JMH's JSON goes ({@code -rff}); its folder exists and receives the run's log
     * @param cpu         the core to pin the run (and the JMH forks it starts) to, or empty for none
     * @throws IOException when the run cannot start or fails; the message names the log
     */
    void run(Path jar, List<String> arguments, Path resultsFile, OptionalInt cpu) throws IOException, InterruptedException;
}
