package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundViewsTest {

    /** Two configurations of a real smoke sweep (fake and djl-pytorch on tiny), two rounds; djl-pytorch's round 2 timed out. */
    static final Path FIXTURE = Path.of("src", "test", "resources", "dev", "tokenbench", "sweep", "smoke-sweep");

    @TempDir
    Path dir;

    static Path copyOfFixture(Path into) throws IOException {
        try (Stream<Path> paths = Files.walk(FIXTURE)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = into.resolve(FIXTURE.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into;
    }

    @Test
    void write_oneRunFolderPerRound_joiningItsRuns() throws IOException {
        Path sweep = copyOfFixture(dir.resolve("sweep"));
        assertThat(RoundViews.isSweep(sweep)).isTrue();
        List<Path> rounds = RoundViews.write(sweep);
        assertThat(rounds).containsExactly(sweep.resolve("rounds/round-1"), sweep.resolve("rounds/round-2"));
        ObjectMapper mapper = new ObjectMapper();
        JsonNode round1 = mapper.readTree(rounds.get(0).resolve("jmh.json").toFile());
        assertThat(round1).hasSize(2);
        assertThat(Files.readAllLines(rounds.get(0).resolve("samples.jsonl"))).hasSize(6);
        assertThat(rounds.get(0).resolve("env.json")).isNotEmptyFile();
        assertThat(mapper.readTree(rounds.get(0).resolve("failures.json").toFile())).isEmpty();

        JsonNode round2 = mapper.readTree(rounds.get(1).resolve("jmh.json").toFile());
        assertThat(round2).hasSize(1);
        JsonNode failures = mapper.readTree(rounds.get(1).resolve("failures.json").toFile());
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).path("benchmark").asText()).isEqualTo("dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate");
        assertThat(failures.get(0).path("params").path("framework").asText()).isEqualTo("djl-pytorch");
        assertThat(failures.get(0).path("reason").asText()).startsWith("timed out after 2m 00s");
    }

    @Test
    void write_again_rewritesTheViews() throws IOException {
        Path sweep = copyOfFixture(dir.resolve("sweep"));
        RoundViews.write(sweep);
        Files.writeString(sweep.resolve("rounds/round-1/jmh.json"), "stale");
        RoundViews.write(sweep);
        assertThat(sweep.resolve("rounds/round-1/jmh.json")).content().startsWith("[");
        assertThat(RoundViews.isSweep(sweep.resolve("rounds/round-1"))).isFalse();
    }
}
