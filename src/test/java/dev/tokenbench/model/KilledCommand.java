package dev.tokenbench.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code tokenbench} command in a child JVM with {@code tokenbench.home} set, for tests of what a real kill leaves
 * behind: {@link #killAfterFirstChunk} kills it with SIGKILL while its first model file is half-written (the writers pause
 * there under {@link ChunkPause#PROPERTY}), {@link #run} runs one to its end.
 */
public final class KilledCommand {

    /** How long a child may take to reach the pause or its end, generous for a machine loaded 40x. */
    private static final long DEADLINE_SECONDS = 180;

    private KilledCommand() {
    }

    /**
     * Starts the command, waits until a writer paused after the first chunk of a file, kills the process with SIGKILL and
     * waits for it to die; returns the half-written file (a temporary name) that the writer was writing.
     */
    public static Path killAfterFirstChunk(Path home, String... arguments) throws IOException, InterruptedException {
        Process child = start(home, true, arguments);
        try (BufferedReader errors = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = errors.readLine()) != null) {
                if (line.startsWith(ChunkPause.MESSAGE)) {
                    child.destroyForcibly();
                    if (!child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                        throw new AssertionError("the killed child did not end: " + String.join(" ", arguments));
                    }
                    if (child.exitValue() != 137) {
                        throw new AssertionError("the child ended with exit code " + child.exitValue() + ", not SIGKILL's 137");
                    }
                    return Path.of(line.substring(ChunkPause.MESSAGE.length()));
                }
                seen.append(line).append('\n');
            }
            throw new AssertionError("the child ended (exit " + child.waitFor() + ") without pausing after a first chunk: " + seen);
        } finally {
            child.destroyForcibly();
        }
    }

    /** Runs the command to its end; returns its exit code and standard error. */
    public static Result run(Path home, String... arguments) throws IOException, InterruptedException {
        Process child = start(home, false, arguments);
        child.getOutputStream().close();
        String errors = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child did not end in " + DEADLINE_SECONDS + " s: " + String.join(" ", arguments));
        }
        return new Result(child.exitValue(), errors);
    }

    /** A command's exit code and standard error. */
    public record Result(int exitCode, String standardError) {
    }

    private static Process start(Path home, boolean pause, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dtokenbench.home=" + home));
        if (pause) {
            command.add("-D" + ChunkPause.PROPERTY + "=" + TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tokenbench.cli.Main"));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
