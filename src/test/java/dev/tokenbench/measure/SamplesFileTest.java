package dev.tokenbench.measure;

import static dev.tokenbench.measure.Timelines.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplesFileTest {

    @TempDir
    Path dir;

    @Test
    void writeThenRead_roundTripsEveryField() throws IOException {
        SamplesFile.Line line = new SamplesFile.Line("b.Bench.run", "ss", Map.of("batchSize", "8"), 1, 2,
                Timelines.iteration(999, request(5, 1000, 100, 4, 10), request(0, 2000, 50, 4, 10)),
                Map.of("rss.peak", 123_456_789L));
        RunFolder folder = RunFolder.at(dir);

        folder.writeSamples(List.of(line, line));

        assertThat(Files.readAllLines(folder.samplesFile())).hasSize(2)
                .allSatisfy(text -> assertThat(text).startsWith("{\"benchmark\":\"b.Bench.run\""));
        assertThat(folder.readSamples()).containsExactly(line, line);
    }

    @Test
    void read_malformedLine_namesTheFileAndLine() throws IOException {
        Path file = RunFolder.at(dir).samplesFile();
        Files.writeString(file, "\n{\"benchmark\": 3\n");

        assertThatThrownBy(() -> RunFolder.at(dir).readSamples())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": line 2: malformed JSON");
    }

    @Test
    void read_lineWithoutSamples_isNotASampleLine() throws IOException {
        Path file = RunFolder.at(dir).samplesFile();
        Files.writeString(file, "{\"benchmark\": \"b.Bench.run\"}\n");

        assertThatThrownBy(() -> RunFolder.at(dir).readSamples())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": line 1: not a tokenbench sample line");
    }

    @Test
    void read_noFile_isEmpty() throws IOException {
        assertThat(RunFolder.at(dir).readSamples()).isEmpty();
    }

    /** A byte that is not UTF-8 on the second line: the reader let MalformedInputException ("Input length = 1") out. */
    @Test
    void read_lineThatIsNotUtf8_failsNamingTheFile() throws IOException {
        Path file = dir.resolve("samples.jsonl");
        Files.write(file, new byte[] {'\n', '{', (byte) 0xff, '}', '\n'});

        assertThatThrownBy(() -> SamplesFile.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": not UTF-8 text; samples are UTF-8 JSON lines");
    }
}
