package dev.tokenbench.sweep;

import dev.tokenbench.jmh.host.SuiteRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs each configuration's JMH fork(s) from this JVM through {@link SuiteRunner}, JMH's output going to the run
 * folder's {@value SweepFolder#LOG_FILE}: no JMH host process per run, which saves a JVM start per configuration
 * where the sweep is short (the default run). The engines still run in JMH's forks, so a crash or an out-of-memory
 * error of an engine ends its fork and fails only that run. Unlike {@link ForkedConfigurationRunner} it does not
 * stop a run at the timeout: a hung fork holds the sweep, as it holds a plain {@code run}.
 */
public final class InProcessConfigurationRunner implements ConfigurationRunner {

    private final List<String> extraArguments;

    /** @param extraArguments JMH options added to every run's (e.g. {@code -jvmArgsAppend ...}), after the configuration's */
    public InProcessConfigurationRunner(List<String> extraArguments) {
        this.extraArguments = List.copyOf(extraArguments);
    }

    @Override
    public Optional<String> run(Configuration configuration, JmhSettings jmh, Duration timeout, Path folder) throws IOException {
        List<String> arguments = new ArrayList<>(ForkedConfigurationRunner.jmhArguments(configuration, jmh));
        arguments.addAll(extraArguments);
        Files.createDirectories(folder);
        try (PrintStream log = new PrintStream(Files.newOutputStream(folder.resolve(SweepFolder.LOG_FILE)), true, StandardCharsets.UTF_8)) {
            SuiteRunner.Outcome outcome = new SuiteRunner(log, List.of()).run(arguments, folder);
            if (outcome instanceof SuiteRunner.Completed completed && completed.failedConfigurations() == 0 && !completed.results().isEmpty()) {
                return Optional.empty();
            }
        } catch (RunnerException | RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return Optional.of(ForkedConfigurationRunner.reason(folder, 1));
    }
}
