package dev.tokenbench.sweep;

import dev.tokenbench.jmh.host.SuiteRunner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The JMH host of one sweep run, in its own process so that a crash, an out-of-memory error or a timeout ends
 * only this run: {@code ConfigurationMain FOLDER JMH-ARGUMENTS...} runs the JMH arguments (one configuration,
 * its forks) with tokenbench's profilers and writes the run folder's files into FOLDER.
 *
 * <p>Exit codes: 0 a result; 1 the configuration failed (FOLDER's {@code failures.json} says why); 2 bad arguments.
 * It ends itself, and the forks it started, when the sweep that started it is gone (killed).
 */
public final class ConfigurationMain {

    private ConfigurationMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ConfigurationMain FOLDER JMH-ARGUMENTS...");
            System.exit(2);
        }
        watchParent();
        int exitCode;
        try {
            SuiteRunner.Outcome outcome = new SuiteRunner(System.out, List.of()).run(Arrays.asList(args).subList(1, args.length), Path.of(args[0]));
            exitCode = outcome instanceof SuiteRunner.Completed completed && completed.failedConfigurations() == 0
                    && !completed.results().isEmpty() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println("tokenbench sweep: " + e.getMessage());
            exitCode = 2;
        } catch (Exception | Error e) {
            System.err.println("tokenbench sweep: " + e);
            exitCode = 1;
        }
        System.out.flush();
        System.err.flush();
        // Native libraries (llama.cpp) leave non-daemon threads behind: exit explicitly.
        System.exit(exitCode);
    }

    /** Ends this process and its forks within a second of its parent (the sweep) going away. */
    private static void watchParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watcher = new Thread(() -> {
                while (parent.isAlive()) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                Runtime.getRuntime().halt(1);
            }, "sweep-parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        });
    }
}
