package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
}
