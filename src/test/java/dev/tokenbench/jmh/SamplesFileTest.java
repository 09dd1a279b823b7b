package dev.tokenbench.jmh;

import static dev.tokenbench.jmh.Timelines.request;
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
    void writeLinesThenRead_roundTripsEveryField() throws IOException {
        SamplesFile.Line line = new SamplesFile.Line("b.Bench.run", "ss", Map.of("batchSize", "8"), 1, 2,
                Timelines.iteration(999, request(5, 1000, 100, 4, 10), request(0, 2000, 50, 4, 10)),
                Map.of("rss.peak", 123_456_789L));
        Path file = dir.resolve(SamplesFile.FILE_NAME);

        SamplesFile.writeLines(file, List.of(line, line));

        assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy(text -> assertThat(text).startsWith("{\"benchmark\":\"b.Bench.run\""));
        assertThat(SamplesFile.read(file)).containsExactly(line, line);
    }

    @Test
    void read_malformedLine_namesTheFileAndLine() throws IOException {
        Path file = dir.resolve(SamplesFile.FILE_NAME);
        Files.writeString(file, "\n{\"benchmark\": 3\n");

        assertThatThrownBy(() -> SamplesFile.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " line 2: not a tokenbench sample line");
    }

    @Test
    void lines_noRuns_isEmpty() {
        assertThat(SamplesFile.lines(List.of())).isEmpty();
    }
}
