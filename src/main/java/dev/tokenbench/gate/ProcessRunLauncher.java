package dev.tokenbench.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Runs a jar in a new JVM ({@code java -Djava.io.tmpdir=DIR/tmp -jar JAR ARGS -rff DIR/jmh.json --no-agreement
 * [--no-calibration]}), output to {@code run.log} beside the results, pinned with {@code taskset -c CPU} when a core is
 * given (JMH's forks inherit the affinity). A jar comparison runs both jars on one machine and never reads their
 * calibrations, so a jar whose runs calibrate (its run command takes {@value #NO_CALIBRATION}) is told not to: that
 * saves seconds per run.
 */
public final class ProcessRunLauncher implements RunLauncher {

    /** The log file written beside each run's results. */
    public static final String LOG_FILE = "run.log";

    /** The run command's option that skips the calibration after the forks. */
    static final String NO_CALIBRATION = "--no-calibration";

    private static final String RUN_COMMAND_CLASS = "dev/tokenbench/cli/RunCommand.class";

    private final String java;

    /** Uses the {@code java} that runs this JVM. */
    public ProcessRunLauncher() {
        this.java = ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * Whether {@code jar}'s run command takes {@value #NO_CALIBRATION}: its run command's class names the option (older
     * jars neither calibrate nor know it, and JMH would refuse it as an unknown option).
     */
    static boolean takesNoCalibration(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry(RUN_COMMAND_CLASS);
            if (entry == null) {
                return false;
            }
            try (InputStream in = file.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(NO_CALIBRATION);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The jar's arguments: the suite's, then the results file, no agreement check, and no calibration where the jar takes
     * that option and the suite did not already say it (picocli refuses an option given twice).
     */
    static List<String> runArguments(Path jar, List<String> arguments, Path resultsFile) {
        List<String> result = new ArrayList<>(arguments);
        result.add("-rff");
        result.add(resultsFile.toString());
        result.add("--no-agreement");
        if (!arguments.contains(NO_CALIBRATION) && takesNoCalibration(jar)) {
            result.add(NO_CALIBRATION);
        }
        return result;
    }

    @Override
    public void run(Path jar, List<String> arguments, Path resultsFile, OptionalInt cpu) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (cpu.isPresent()) {
            command.add("taskset");
            command.add("-c");
            command.add(Integer.toString(cpu.getAsInt()));
        }
        command.add(java);
        // JMH's host takes a lock file in java.io.tmpdir and refuses to start while another JMH holds it: a private
        // temporary folder per run lets a duet run two at once, and neither blocks nor is blocked by other JMH users
        // of the machine (interference is what the rounds' pairing is for).
        Path temporary = Files.createDirectories(resultsFile.toAbsolutePath().resolveSibling("tmp"));
        command.add("-Djava.io.tmpdir=" + temporary);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(runArguments(jar, arguments, resultsFile));
        Path log = resultsFile.resolveSibling(LOG_FILE);
        Files.writeString(log, String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw e;
        }
        if (exit != 0) {
            throw new IOException(jar + " exited with " + exit + "; see " + log);
        }
        if (!Files.isRegularFile(resultsFile)) {
            throw new IOException(jar + " wrote no results to " + resultsFile + "; see " + log);
        }
    }
}
