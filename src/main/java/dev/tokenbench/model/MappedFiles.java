package dev.tokenbench.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opening of the binary model files (safetensors, GGUF): a read-only channel that is closed if parsing fails. */
public final class MappedFiles {

    /** Parses an open channel of a file, keeping the channel when it succeeds. */
    @FunctionalInterface
    public interface ChannelParser<T> {
        T parse(Path file, FileChannel channel) throws IOException;
    }

    private MappedFiles() {
    }

    /**
     * Opens {@code file} read-only and parses it; the channel is closed if parsing throws.
     *
     * @throws ModelFormatException if the file does not exist (one line naming it)
     */
    public static <T> T open(Path file, ChannelParser<T> parser) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": file not found");
        }
        try {
            return parser.parse(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
