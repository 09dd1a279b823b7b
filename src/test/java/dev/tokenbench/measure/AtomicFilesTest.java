package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writeString_newNestedFile_createsParentsAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("a").resolve("b").resolve("results.json");

        AtomicFiles.writeString(target, "[]\n");

        assertThat(target).hasContent("[]");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void writeString_existingFile_isReplacedWhole() throws IOException {
        Path target = dir.resolve("results.json");
        Files.writeString(target, "old content that is longer");

        AtomicFiles.writeString(target, "new");

        assertThat(Files.readString(target)).isEqualTo("new");
    }

    @Test
    void write_diskFillsMidFile_keepsThePreviousFileWholeAndNoTemporary() throws Exception {
        Path target = dir.resolve("jmh.json");
        Files.writeString(target, "[\"finished before\"]");

        assertThatThrownBy(() -> AtomicFiles.withFault(new AtomicFiles.DiskFull(10), () -> {
            AtomicFiles.writeString(target, "[\"finished before\", \"and one more\"]");
            return null;
        })).isInstanceOf(FileSystemException.class).hasMessageContaining("No space left on device")
                .hasMessageContaining(".jmh.json.");

        assertThat(Files.readString(target)).isEqualTo("[\"finished before\"]");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void write_diskFullingOnTheSecondFile_writesTheFirstWhole() throws Exception {
        Path first = dir.resolve("a.txt");
        Path second = dir.resolve("b.txt");

        assertThatThrownBy(() -> AtomicFiles.withFault(new AtomicFiles.DiskFull(5), () -> {
            AtomicFiles.writeString(first, "12345");
            AtomicFiles.writeString(second, "6");
            return null;
        })).hasMessageContaining("No space left on device");

        assertThat(first).hasContent("12345");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(first);
        }
    }

    @Test
    void write_readOnlyFileSystem_failsAndCreatesNothing() throws Exception {
        Path target = dir.resolve("run").resolve("jmh.json");

        assertThatThrownBy(() -> AtomicFiles.withFault(new AtomicFiles.ReadOnly(), () -> {
            AtomicFiles.writeString(target, "[]");
            return null;
        })).isInstanceOf(FileSystemException.class).hasMessageContaining("Read-only file system");

        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void withFault_endsWithItsBody() throws Exception {
        Path target = dir.resolve("after.txt");
        AtomicFiles.withFault(new AtomicFiles.DiskFull(0), () -> null);

        AtomicFiles.writeString(target, "written");

        assertThat(target).hasContent("written");
    }
}
