package dev.tokenbench.measure;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes files so that a reader never sees half of one: into a temporary sibling, flushed to the device, then renamed
 * over the target. A write that fails (a full disk, a read-only folder) removes its temporary file and leaves the
 * target as it was: the previous whole file, or none.
 *
 * <p>Every write goes through here, which makes this the one place a test can make the disk fail
 * ({@link #withFault}): a full disk after some bytes, or a read-only file system.
 */
public final class AtomicFiles {

    /** What a write puts into the file. */
    @FunctionalInterface
    public interface Content {
        /** Writes the file's bytes to {@code out} (not closed by the callee). */
        void writeTo(OutputStream out) throws IOException;
    }

    /** A body run with a {@link Fault} in force. */
    @FunctionalInterface
    public interface FaultyWork<T> {
        T run() throws Exception;
    }

    /**
     * A disk fault for tests: writes of the thread that runs {@link #withFault} (and of the threads it starts) fail
     * as the operating system fails them.
     */
    public sealed interface Fault permits DiskFull, ReadOnly {
    }

    /** The disk fills after {@code bytesLeft} more bytes: the next byte fails with "No space left on device" (ENOSPC). */
    public record DiskFull(long bytesLeft) implements Fault {
    }

    /** The folder is on a read-only file system: creating a file or folder fails with "Read-only file system" (EROFS). */
    public record ReadOnly() implements Fault {
    }

    /** Bytes still allowed under a {@link DiskFull} fault, shared by the threads that inherit it. */
    private static final class Budget {
        private final Fault fault;
        private long bytesLeft;

        Budget(Fault fault) {
            this.fault = fault;
            this.bytesLeft = fault instanceof DiskFull full ? full.bytesLeft() : Long.MAX_VALUE;
        }

        /** Takes up to {@code bytes} from the budget and returns how many the disk still takes. */
        synchronized long take(long bytes) {
            long taken = Math.min(bytes, bytesLeft);
            bytesLeft -= taken;
            return taken;
        }

        static IOException full(Path file) {
            return new FileSystemException(file.toString(), null, "No space left on device");
        }
    }

    private static final InheritableThreadLocal<Budget> FAULT = new InheritableThreadLocal<>();

    private AtomicFiles() {
    }

    /**
     * Runs {@code work} with {@code fault} in force for its thread and the threads it starts; for tests of what a
     * full or read-only disk does.
     */
    public static <T> T withFault(Fault fault, FaultyWork<T> work) throws Exception {
        Budget previous = FAULT.get();
        FAULT.set(new Budget(Objects.requireNonNull(fault, "fault")));
        try {
            return work.run();
        } finally {
            if (previous == null) {
                FAULT.remove();
            } else {
                FAULT.set(previous);
            }
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically, creating parent folders. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target} atomically, creating parent folders. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes what {@code content} produces to {@code target} atomically, creating parent folders: a failure at any
     * byte leaves {@code target} as it was and no temporary file behind.
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        createDirectories(parent);
        // A unique sibling created like any new file (so it gets the usual permissions, unlike createTempFile's 0600).
        Path temporary = parent.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            checkWritable(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = budgeted(temporary, Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
                // On the device before the rename: after a machine crash the target is the old file or the new one, never empty.
                channel.force(true);
            }
            moveIntoPlace(temporary, absolute);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            // A full disk is a bare "No space left on device" from the channel: name the file it was for.
            FileSystemException named = new FileSystemException(absolute.toString(), null, e.getMessage());
            named.initCause(e);
            throw named;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creates {@code folder} and its parents (as {@link Files#createDirectories}), failing as a read-only disk would under a fault. */
    public static void createDirectories(Path folder) throws IOException {
        Budget budget = FAULT.get();
        if (budget != null && budget.fault instanceof ReadOnly && !Files.isDirectory(folder)) {
            throw new FileSystemException(folder.toString(), null, "Read-only file system");
        }
        Files.createDirectories(folder);
    }

    /** Fails as a read-only disk would when a {@link ReadOnly} fault is in force; for code that creates files itself. */
    public static void checkWritable(Path file) throws IOException {
        Budget budget = FAULT.get();
        if (budget != null && budget.fault instanceof ReadOnly) {
            throw new FileSystemException(file.toString(), null, "Read-only file system");
        }
    }

    /** Renames {@code source} onto {@code target}, atomically where the file system allows. */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static OutputStream budgeted(Path file, OutputStream out) throws IOException {
        Budget budget = FAULT.get();
        if (budget == null) {
            return out;
        }
        // Like a real disk: the bytes that still fit are written, then the write fails.
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                int fits = (int) budget.take(length);
                out.write(bytes, offset, fits);
                if (fits < length) {
                    throw Budget.full(file);
                }
            }
        };
    }
}
