package dev.tokenbench.engine.llamacpp;

import dev.tokenbench.model.ModelCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What java-llama.cpp needs from the process, arranged once per JVM before its first model loads.
 *
 * <ul>
 *   <li>A private folder for the native library: java-llama.cpp extracts {@code libjllama.so} into
 *       {@code de.kherud.llama.tmpdir} (default {@code java.io.tmpdir}) and, on first load, deletes every file there
 *       whose name starts with {@code llama} or {@code jllama}, so a shared folder lets one process delete another's
 *       files. Each JVM gets {@code <tokenbench home>/run/llama.cpp-XXXX/lib} (unless the user set the property),
 *       with its native log files beside it in {@code logs}; the folder is deleted when the JVM exits.</li>
 *   <li>An exit: the library's server loop runs on a native thread attached to the JVM as a non-daemon thread that
 *       never ends (closing the model does not stop it), so a JVM whose main thread has finished would wait forever
 *       (a JMH fork would wait for JMH's 30-second shutdown timeout). In a JMH fork a daemon thread waits for the
 *       main thread to finish and then exits the JVM with status 0; the CLI exits explicitly; an application that
 *       embeds tokenbench must end its JVM itself (or set {@code -Dtokenbench.llamacpp.exitAfterMain=true}).</li>
 * </ul>
 */
final class NativeRuntime {

    private static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
    private static Path folder;

    private NativeRuntime() {
    }

    /** Prepares the process (once) and returns the folder for native log files. */
    static synchronized Path prepare() {
        if (folder == null) {
            try {
                Path run = ModelCache.defaultCache().home().resolve("run");
                Files.createDirectories(run);
                folder = Files.createTempDirectory(run, "llama.cpp-");
                Files.createDirectories(folder.resolve("logs"));
                if (System.getProperty(TMPDIR_PROPERTY) == null) {
                    Path lib = Files.createDirectories(folder.resolve("lib"));
                    System.setProperty(TMPDIR_PROPERTY, lib.toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a private folder for llama.cpp's native library: " + e.getMessage(), e);
            }
            Path created = folder;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(created), "tokenbench-llama.cpp-cleanup"));
            exitAfterMainThread();
        }
        return folder.resolve("logs");
    }

    /**
     * In a JMH fork (main class {@code org.openjdk.jmh.runner.ForkedMain}), or where {@value #EXIT_AFTER_MAIN_PROPERTY}
     * is {@code true}, exits the JVM once the main thread has finished. Elsewhere (tokenbench used as a library) the
     * JVM is left alone: ending it is the application's decision, and the CLI exits explicitly.
     */
    private static void exitAfterMainThread() {
        String command = System.getProperty("sun.java.command", "");
        if (!command.startsWith(JMH_FORK_MAIN) && !Boolean.getBoolean(EXIT_AFTER_MAIN_PROPERTY)) {
            return;
        }
        Thread main = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("main") && t.getThreadGroup() != null && t.getThreadGroup().getName().equals("main"))
                .findFirst().orElse(null);
        if (main == null) {
            return;
        }
        Thread watcher = new Thread(() -> {
            try {
                main.join();
                System.exit(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tokenbench-llama.cpp-exit");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The main class of a JMH fork. */
    private static final String JMH_FORK_MAIN = "org.openjdk.jmh.runner.ForkedMain";
    /** Set to {@code true} to exit the JVM when its main thread ends, outside JMH forks too. */
    static final String EXIT_AFTER_MAIN_PROPERTY = "tokenbench.llamacpp.exitAfterMain";

    private static void deleteQuietly(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort at exit: a leftover folder under run/ is harmless.
        }
    }
}
