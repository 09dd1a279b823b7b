package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepFolderTest {

    @TempDir
    Path dir;

    @Test
    void finish_movesTheWholeRunFolderIntoPlace_andRecordsReadBack() throws Exception {
        SweepFolder folder = new SweepFolder(dir);
        Path partial = folder.newPartialFolder("c1/round-1");
        Files.writeString(partial.resolve("jmh.json"), "[]");
        assertThat(folder.readRecords()).isEmpty();
        folder.finish("c1/round-1", RunRecord.done("c1/round-1", 1.5));
        assertThat(partial).doesNotExist();
        assertThat(folder.runFolder("c1/round-1").resolve("jmh.json")).hasContent("[]");
        assertThat(folder.readRecords()).containsEntry("c1/round-1", RunRecord.done("c1/round-1", 1.5));
    }

    @Test
    void newPartialFolder_deletesALeftoverOfAKilledSweep() throws Exception {
        SweepFolder folder = new SweepFolder(dir);
        Path partial = folder.newPartialFolder("c1/round-2");
        Files.writeString(partial.resolve("output.log"), "half");
        assertThat(folder.newPartialFolder("c1/round-2")).isEmptyDirectory();
    }

    @Test
    void finish_again_replacesAFailedAttempt() throws Exception {
        SweepFolder folder = new SweepFolder(dir);
        Files.writeString(folder.newPartialFolder("c1/round-1").resolve("output.log"), "crash");
        folder.finish("c1/round-1", RunRecord.failed("c1/round-1", 1, "crashed"));
        folder.newPartialFolder("c1/round-1");
        folder.finish("c1/round-1", RunRecord.done("c1/round-1", 2));
        assertThat(folder.runFolder("c1/round-1").resolve("output.log")).doesNotExist();
        assertThat(folder.readRecords().get("c1/round-1").reason()).isEqualTo(Optional.empty());
    }

    @Test
    void index_writtenAndRead() throws Exception {
        SweepFolder folder = new SweepFolder(dir);
        assertThat(folder.readIndex()).isEmpty();
        SweepIndex index = SweepIndexTest.planned(SweepIndexTest.SPEC, Shard.ALL);
        folder.writeIndex(index);
        assertThat(folder.hasIndex()).isTrue();
        assertThat(folder.readIndex().orElseThrow().toJson()).isEqualTo(index.toJson());
    }

    /** An index.json that is not UTF-8: the reader let MalformedInputException ("Input length = 1") out. */
    @Test
    void readIndex_notUtf8_failsNamingTheFile() throws Exception {
        Files.write(dir.resolve("index.json"), new byte[] {'{', (byte) 0xff, '}'});

        assertThatThrownBy(() -> new SweepFolder(dir).readIndex())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("index.json") + ": not UTF-8 text; not a tokenbench sweep index");
    }
}
