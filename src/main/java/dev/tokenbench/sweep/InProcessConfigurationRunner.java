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
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs each configuration's JMH fork(s) from this JVM through {@link SuiteRunner}, JMH's output going to the run
 * folder's {@value SweepFolder#LOG_FILE}: no JMH host process per run, which saves a JVM start per configuration
 * where the sweep is short (the default run). The engines still run in JMH's forks, so a crash or an out-of-memory
 * error of an engine ends its fork and fails only that run. A run that passes its timeout (a hung fork) has the
 * processes it started killed (JMH's forks are children of this JVM; the run starts no others) and is recorded as
 * failed with that reason, as {@link ForkedConfigurationRunner} does with its host.
 */
public final class InProcessConfigurationRunner implements ConfigurationRunner {

    /** How long JMH may take to notice its killed fork and finish the run's files before the run is left behind. */
    static final Duration AFTER_KILL = Duration.ofSeconds(60);

    private final List<String> extraArguments;

    /** @param extraArguments JMH options added to every run's (e.g. {@code -jvmArgsAppend ...}), after the configuration's */
    public InProcessConfigurationRunner(List<String> extraArguments) {
        this.extraArguments = List.copyOf(extraArguments);
    }

    @Override
    public Optional<String> run(Configuration configuration, JmhSettings jmh, Duration timeout, Path folder) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(ForkedConfigurationRunner.jmhArguments(configuration, jmh));
        arguments.addAll(extraArguments);
        Files.createDirectories(folder);
        Set<Long> childrenBefore = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        FutureTask<Optional<String>> task = new FutureTask<>(() -> runJmh(arguments, folder));
        Thread thread = new Thread(task, "tokenbench-run-" + configuration.id());
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return Optional.of(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            // Kill until JMH's run ends: a fork JMH was still starting at the timeout appears after the first kill.
            long deadline = System.nanoTime() + AFTER_KILL.toNanos();
            while (!task.isDone() && System.nanoTime() - deadline < 0) {
                killStartedSince(childrenBefore);
                try {
                    task.get(200, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException ignored) {
                    // the run is recorded as timed out whatever JMH made of its killed fork
                }
            }
            return Optional.of("timed out after " + SweepProgress.duration(timeout.toSeconds()) + " (the run's timeout); its fork was killed;"
                    + " its output is in " + SweepFolder.LOG_FILE);
        } catch (InterruptedException e) {
            killStartedSince(childrenBefore);
            throw e;
        }
    }

    private static Optional<String> runJmh(List<String> arguments, Path folder) throws IOException {
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

    /** Kills the child processes of this JVM (and their descendants) that were not there before the run. */
    private static void killStartedSince(Set<Long> childrenBefore) {
        ProcessHandle.current().children().filter(child -> !childrenBefore.contains(child.pid())).forEach(child -> {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        });
    }
}
