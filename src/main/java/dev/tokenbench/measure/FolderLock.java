package dev.tokenbench.measure;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One writer per folder: a lock file held ({@link FileChannel#tryLock}) while a process writes into the folder, holding
 * one line that names the holder (process id, host, start time). A second process is refused with that line. The
 * operating system releases the lock when the holder dies, and the holder deletes the file when it finishes, so a lock
 * file that exists but is not held was left by a process that ended before it finished.
 */
public final class FolderLock implements Closeable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Optional<String> interruptedHolder;

    private FolderLock(Path file, FileChannel channel, FileLock lock, Optional<String> interruptedHolder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.interruptedHolder = interruptedHolder;
    }

    /**
     * Takes the lock file {@code file} (creating its folder) for this process, described as {@code holder}.
     *
     * @param busyAdvice what to do when another process holds it, appended to the one-line refusal
     * @throws IllegalArgumentException naming the folder and the other holder when another process holds it
     * @throws IOException              when the folder cannot be written (read-only, full): before anything else is written
     */
    public static FolderLock acquire(Path file, String holder, String busyAdvice) throws IOException {
        AtomicFiles.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.checkWritable(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String other = read(channel);
            channel.close();
            throw new IllegalArgumentException(file.toAbsolutePath().getParent() + ": another process is writing into this folder ("
                    + (other.isEmpty() ? "it has not said who it is yet" : other) + "); " + busyAdvice);
        }
        try {
            String previous = read(channel);
            byte[] line = (holder + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(line), 0);
            channel.force(true);
            return new FolderLock(file, channel, lock, previous.isEmpty() ? Optional.empty() : Optional.of(previous));
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    /**
     * The holder named by the lock file {@code file} if it was left by a process that ended before it finished (the file
     * exists and nobody holds it); empty when there is no such file or a live process holds it.
     */
    public static Optional<String> interruptedHolder(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try (channel) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return Optional.empty();
            }
            if (lock == null) {
                return Optional.empty();
            }
            try {
                String holder = read(channel);
                return Optional.of(holder.isEmpty() ? "a process that did not say who it was" : holder);
            } finally {
                lock.release();
            }
        }
    }

    /** This process: {@code pid 1234 on host, started 2026-11-28T21:40:00Z}. */
    public static String thisProcess() {
        ProcessHandle self = ProcessHandle.current();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String started = self.info().startInstant().map(Instant::toString).orElse("unknown time");
        return "pid " + self.pid() + " on " + host + ", started " + started;
    }

    /** The holder this lock file named when this process took it over from a process that ended before it finished. */
    public Optional<String> interruptedHolder() {
        return interruptedHolder;
    }

    /** Finishes: deletes the lock file, then releases it. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static String read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return "";
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }
}
