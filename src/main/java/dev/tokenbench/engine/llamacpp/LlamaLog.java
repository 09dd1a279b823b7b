package dev.tokenbench.engine.llamacpp;

import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * llama.cpp's log (everything llama.cpp and ggml print), received through {@code llama_log_set} and written to a
 * file, so that nothing reaches stderr unless asked: {@value #FILE_PROPERTY} names the file (default: the native
 * runtime's private folder, deleted at exit), {@value #STDERR_PROPERTY}{@code =true} echoes it to stderr too.
 *
 * <p>Error-level messages are also kept in memory, numbered, so that a failed load can say why: llama.cpp's load
 * functions return only NULL, and the reason (e.g. {@code key not found in model: llama.block_count}) is in the log.
 */
final class LlamaLog {

    /** System property: the file llama.cpp's log is appended to. */
    static final String FILE_PROPERTY = "tokenbench.llamacpp.log";
    /** System property: {@code true} echoes llama.cpp's log to stderr as well. */
    static final String STDERR_PROPERTY = "tokenbench.llamacpp.logToStderr";

    private static final int KEPT_ERRORS = 64;

    private final Path file;
    private final BufferedWriter writer;
    private final PrintStream echo;
    private final List<String> errors = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();
    private final LlamaCppLibrary.LogCallback callback = this::receive;
    private long errorCount;
    private int lastLevel;

    private LlamaLog(Path file, BufferedWriter writer, PrintStream echo) {
        this.file = file;
        this.writer = writer;
        this.echo = echo;
        // Messages may come from a native thread: attach it as a daemon, never one that keeps the JVM alive.
        Native.setCallbackThreadInitializer(callback, new CallbackThreadInitializer(true, true, "llama.cpp-log"));
    }

    /** A log writing to {@value #FILE_PROPERTY}, or else to {@code defaultFile}. */
    static LlamaLog create(Path defaultFile) {
        String configured = System.getProperty(FILE_PROPERTY);
        Path file = configured != null ? Path.of(configured) : defaultFile;
        BufferedWriter writer;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            writer = null; // the log is a diagnostic: without a file, load failures still carry their reasons
        }
        return new LlamaLog(file, writer, Boolean.getBoolean(STDERR_PROPERTY) ? System.err : null);
    }

    /** The callback to hand to {@code llama_log_set}; referenced here so that it is never garbage collected. */
    LlamaCppLibrary.LogCallback callback() {
        return callback;
    }

    /** The log file. */
    Path file() {
        return file;
    }

    /** How many error messages have been logged so far: a mark for {@link #errorsSince(long)}. */
    synchronized long errorMark() {
        return errorCount;
    }

    /** Error messages logged after {@code mark} (the last {@value #KEPT_ERRORS} at most), oldest first. */
    synchronized List<String> errorsSince(long mark) {
        int available = (int) Math.min(errorCount - mark, errors.size());
        return List.copyOf(errors.subList(errors.size() - available, errors.size()));
    }

    private synchronized void receive(int level, Pointer text, Pointer userData) {
        if (text == null) {
            return;
        }
        String message = text.getString(0, StandardCharsets.UTF_8.name());
        int effective = level == LlamaCppLibrary.LOG_LEVEL_CONT ? lastLevel : level;
        lastLevel = effective;
        try {
            if (writer != null) {
                writer.write(message);
                if (message.endsWith("\n")) {
                    writer.flush();
                }
            }
        } catch (IOException e) {
            // Keep serving llama.cpp: a full disk must not fail a decode.
        }
        if (echo != null) {
            echo.print(message);
        }
        if (effective == LlamaCppLibrary.LOG_LEVEL_ERROR) {
            line.append(message);
            if (message.endsWith("\n")) {
                errors.add(line.toString().strip());
                line.setLength(0);
                errorCount++;
                if (errors.size() > KEPT_ERRORS) {
                    errors.remove(0);
                }
            }
        }
    }
}
