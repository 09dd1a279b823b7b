package dev.tokenbench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenbench.measure.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs each configuration in a JMH host process of its own ({@link ConfigurationMain}, on this JVM's class path),
 * which runs the configuration's JMH fork(s): a crash, an out-of-memory error or a hang ends that process, not the
 * sweep. Past the timeout the host and its forks are killed. The host's output goes to the run folder's
 * {@value SweepFolder#LOG_FILE}.
 */
public final class ForkedConfigurationRunner implements ConfigurationRunner {

    /** The JMH host's heap: it only collects results; the forks get their own ({@code -Xmx2g}). */
    static final String HOST_HEAP = "-Xmx512m";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> javaCommand;

    /** A runner that starts hosts with this JVM's {@code java}, class path and {@code tokenbench.*} system properties. */
    public ForkedConfigurationRunner() {
        this(List.of());
    }

    /** As {@link #ForkedConfigurationRunner()}, with more options for the host JVMs (JMH's forks inherit them). */
    ForkedConfigurationRunner(List<String> hostJvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HOST_HEAP);
        command.addAll(hostJvmOptions);
        System.getProperties().stringPropertyNames().stream().sorted()
                .filter(name -> name.startsWith("tokenbench.") || name.startsWith("ai.djl."))
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ConfigurationMain.class.getName());
        this.javaCommand = List.copyOf(command);
    }

    /** The JMH arguments of one configuration: its benchmark, every {@code @Param} value, the spec's JMH settings. */
    public static List<String> jmhArguments(Configuration configuration, JmhSettings jmh) {
        List<String> arguments = new ArrayList<>();
        arguments.add(configuration.benchmark().jmhMethod().replace(".", "\\.") + "$");
        configuration.params().forEach((name, value) -> arguments.addAll(List.of("-p", name + "=" + value)));
        arguments.addAll(jmh.jmhArguments());
        return arguments;
    }

    @Override
    public Optional<String> run(Configuration configuration, JmhSettings jmh, Duration timeout, Path folder) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(javaCommand);
        command.add(folder.toAbsolutePath().toString());
        command.addAll(jmhArguments(configuration, jmh));
        Path log = folder.resolve(SweepFolder.LOG_FILE);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!exited) {
            kill(process);
            return Optional.of("timed out after " + SweepProgress.duration(timeout.toSeconds()) + " (the spec's timeout); its output is in "
                    + SweepFolder.LOG_FILE);
        }
        int exitCode = process.exitValue();
        if (exitCode == 0) {
            return Optional.empty();
        }
        return Optional.of(reason(folder, exitCode));
    }

    /** Why a host failed: JMH's reason from {@code failures.json}, else the last error line of its output, else its exit code. */
    public static String reason(Path folder, int exitCode) throws IOException {
        Path failures = RunFolder.at(folder).failuresFile();
        if (Files.isRegularFile(failures)) {
            try {
                JsonNode root = MAPPER.readTree(failures.toFile());
                if (root != null && root.isArray() && !root.isEmpty() && root.get(0).hasNonNull("reason")) {
                    return root.get(0).get("reason").asText();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // fall through to the log
            }
        }
        Path log = folder.resolve(SweepFolder.LOG_FILE);
        if (Files.isRegularFile(log)) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (line.contains("OutOfMemoryError") || line.startsWith("tokenbench sweep:") || line.matches("^[\\w.$]+(Exception|Error)\\b.*")) {
                    return line;
                }
            }
        }
        return "the JMH host exited with code " + exitCode + "; its output is in " + SweepFolder.LOG_FILE;
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
