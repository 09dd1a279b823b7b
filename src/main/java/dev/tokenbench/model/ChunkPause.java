package dev.tokenbench.model;

import java.nio.file.Path;

/**
 * A pause of the model writers after the first chunk of a file, so that a test can kill the process while a model or
 * GGUF file is half-written: with the system property {@value #PROPERTY} set to a number of milliseconds, the
 * safetensors and GGUF writers print {@code tokenbench: paused after the first chunk of FILE} to standard error once per
 * file, after its first chunk of tensor data, and sleep that long. Unset (normal use) nothing pauses.
 */
public final class ChunkPause {

    /** The system property: milliseconds to pause after a file's first chunk of tensor data. */
    public static final String PROPERTY = "tokenbench.pauseAfterFirstChunkMillis";

    /** The line printed before the pause, followed by the file's path. */
    public static final String MESSAGE = "tokenbench: paused after the first chunk of ";

    private ChunkPause() {
    }

    /** Pauses if {@value #PROPERTY} is set; a writer calls it once, after the first chunk of tensor data of {@code file}. */
    public static void afterFirstChunk(Path file) {
        String millis = System.getProperty(PROPERTY);
        if (millis == null) {
            return;
        }
        long pause;
        try {
            pause = Long.parseLong(millis.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + millis + ": must be a whole number of milliseconds", e);
        }
        System.err.println(MESSAGE + file);
        System.err.flush();
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
