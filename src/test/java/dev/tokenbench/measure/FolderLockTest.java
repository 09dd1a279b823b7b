package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {

    @TempDir
    Path dir;

    @Test
    void acquire_heldByThisProcess_refusesASecondWriterNamingTheFirst() throws IOException {
        Path file = dir.resolve("run").resolve(".running");
        try (FolderLock first = FolderLock.acquire(file, "pid 1 on a, started then", "write elsewhere")) {
            assertThat(first.interruptedHolder()).isEmpty();

            assertThatThrownBy(() -> FolderLock.acquire(file, "pid 2", "write elsewhere"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(dir.resolve("run") + ": another process is writing into this folder (pid 1 on a, started then); write elsewhere");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void acquire_heldByAnotherProcess_refusesNamingThatProcess() throws Exception {
        Path file = dir.resolve(".running");
        // A real second process (a JVM) holds the lock, as a second tokenbench run would.
        Process holder = new ProcessBuilder(javaCommand(Holder.class.getName(), file.toString())).redirectErrorStream(true).start();
        try {
            String line = new String(holder.getInputStream().readNBytes(6), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(line).isEqualTo("locked");

            assertThatThrownBy(() -> FolderLock.acquire(file, "pid 2", "wait for it"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("another process is writing into this folder (pid " + holder.pid() + " on ")
                    .hasMessageEndingWith("; wait for it");
            assertThat(FolderLock.interruptedHolder(file)).isEmpty();
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        // Killed: the lock file stays, nobody holds it, and it names the process that died.
        assertThat(FolderLock.interruptedHolder(file)).hasValueSatisfying(h -> assertThat(h).startsWith("pid " + holder.pid() + " on "));
        try (FolderLock next = FolderLock.acquire(file, "pid 3", "wait")) {
            assertThat(next.interruptedHolder()).hasValueSatisfying(h -> assertThat(h).startsWith("pid " + holder.pid() + " on "));
            assertThat(Files.readString(file)).isEqualTo("pid 3\n");
        }
    }

    @Test
    void acquire_readOnlyFolder_failsBeforeWritingAnything() {
        Path folder = dir.resolve("results");

        assertThatThrownBy(() -> AtomicFiles.withFault(new AtomicFiles.ReadOnly(), () -> FolderLock.acquire(folder.resolve(".running"), "me", "x")))
                .hasMessageContaining("Read-only file system");

        assertThat(folder).doesNotExist();
    }

    @Test
    void interruptedHolder_noLockFile_isEmpty() throws IOException {
        assertThat(FolderLock.interruptedHolder(dir.resolve(".running"))).isEmpty();
    }

    private static List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** Takes the lock in its own process, says so, then waits to be killed. */
    static final class Holder {
        public static void main(String[] args) throws Exception {
            FolderLock.acquire(Path.of(args[0]), FolderLock.thisProcess(), "x");
            System.out.print("locked");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
