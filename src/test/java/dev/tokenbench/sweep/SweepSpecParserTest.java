package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepSpecParserTest {

    @TempDir
    Path dir;

    static SweepSpec parse(String json) {
        return SweepSpecParser.parse(json.replace('\'', '"'), "x.json", "x");
    }

    @Test
    void parse_fullSpec_readsEveryKey() {
        SweepSpec spec = parse("""
                {'name': 'grid', 'benchmark': ['generation', 'decode'],
                 'axes': {'framework': ['djl-pytorch', 'llama.cpp'], 'model': 'tiny', 'precision': ['f32'],
                          'batchSize': '1..8 x2', 'promptTokens': [32, '64..128 +64'], 'newTokens': 16, 'threads': ['2']},
                 'exclude': [{'batchSize': 8, 'promptTokens': [128]}],
                 'include': [{'framework': 'llama.cpp', 'precision': 'q8_0'}],
                 'jmh': {'forks': 2, 'warmupIterations': 0, 'measurementIterations': 5, 'iterationTime': '500ms'},
                 'timeout': '90s', 'rounds': 3, 'seed': 7}
                """);
        assertThat(spec.name()).isEqualTo("grid");
        assertThat(spec.benchmarks()).containsExactly(SweepBenchmark.GENERATION, SweepBenchmark.DECODE);
        assertThat(spec.axes().get(SweepAxis.BATCH_SIZE)).containsExactly("1", "2", "4", "8");
        assertThat(spec.axes().get(SweepAxis.PROMPT_TOKENS)).containsExactly("32", "64", "128");
        assertThat(spec.axes().get(SweepAxis.MODEL)).containsExactly("tiny");
        assertThat(spec.axes().get(SweepAxis.THREADS)).containsExactly("2");
        assertThat(spec.exclusions()).hasSize(1);
        assertThat(spec.exclusions().get(0).key()).isEqualTo("exclude[0]");
        assertThat(spec.inclusions().get(0).values()).containsOnlyKeys(SweepAxis.FRAMEWORK, SweepAxis.PRECISION);
        assertThat(spec.jmh()).isEqualTo(new JmhSettings(2, 0, 5, OptionalLong.of(500)));
        assertThat(spec.jmh().jmhArguments()).containsExactly("-f", "2", "-wi", "0", "-i", "5", "-w", "500ms", "-r", "500ms");
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(spec.rounds()).isEqualTo(3);
        assertThat(spec.seed()).isEqualTo(7);
    }

    @Test
    void parse_minimalSpec_takesTheDefaults() {
        SweepSpec spec = parse("{'axes': {'framework': 'fake', 'model': 'zero'}}");
        assertThat(spec.name()).isEqualTo("x");
        assertThat(spec.benchmarks()).containsExactly(SweepBenchmark.GENERATION);
        assertThat(spec.axes().get(SweepAxis.PRECISION)).containsExactly("f32");
        assertThat(spec.axes().get(SweepAxis.BATCH_SIZE)).containsExactly("1");
        assertThat(spec.axes().get(SweepAxis.PROMPT_TOKENS)).containsExactly("128");
        assertThat(spec.axes().get(SweepAxis.NEW_TOKENS)).containsExactly("64");
        assertThat(spec.axes().get(SweepAxis.THREADS)).containsExactly("1");
        assertThat(spec.jmh()).isEqualTo(JmhSettings.DEFAULT);
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.rounds()).isEqualTo(1);
        assertThat(spec.seed()).isEqualTo(42);
    }

    @Test
    void parse_prefillWithoutNewTokens_takesOneNewToken() {
        assertThat(parse("{'benchmark': 'prefill', 'axes': {'framework': 'fake', 'model': 'zero'}}").axes().get(SweepAxis.NEW_TOKENS))
                .containsExactly("1");
    }

    /** Fuzzing finding (SweepFilesFuzzTest#sweepSpec): an axis name holding a line feed made the error two lines. */
    @Test
    void parse_axisNameWithALineBreak_failsInOneLineWithTheBreakEscaped() {
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero', 'promptTok\\ns': [32]}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x.json: axes.promptTok\\u000as: unknown axis 'promptTok\\u000as'; valid: framework, model, precision, batchSize,"
                        + " promptTokens, newTokens, threads");
    }

    @Test
    void parse_unknownAxis_namesFileKeyAndValidAxes() {
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero', 'batch': [1]}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x.json: axes.batch: unknown axis 'batch'; valid: framework, model, precision, batchSize, promptTokens,"
                        + " newTokens, threads");
    }

    @Test
    void parse_unknownTopLevelKey_namesIt() {
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero'}, 'round': 3}"))
                .hasMessageStartingWith("x.json: round: unknown key 'round'; valid: name, description, benchmark, axes,");
    }

    @Test
    void parse_badRange_namesFileKeyAndProblem() {
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': '1..32 x1'}}"))
                .hasMessage("x.json: axes.batchSize: bad range '1..32 x1': factor must be at least 2");
    }

    @Test
    void parse_emptyAxis_namesIt() {
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero', 'promptTokens': []}}"))
                .hasMessage("x.json: axes.promptTokens: empty axis: give at least one value, or leave the axis out for its default");
    }

    @Test
    void parse_badValues_oneLineEach() {
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [0]}}"))
                .hasMessage("x.json: axes.batchSize: must be positive integers or ranges (1..32 x2, 32..512 +32), was 0");
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [1, 2, 1]}}"))
                .hasMessage("x.json: axes.batchSize: value 1 appears twice");
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake..x', 'model': 'zero'}}"))
                .hasMessage("x.json: axes.framework: ranges are for integer axes only, was 'fake..x'");
        assertThatThrownBy(() -> parse("{'axes': {'model': 'zero'}}"))
                .hasMessage("x.json: axes.framework: missing: every sweep names its frameworks");
        assertThatThrownBy(() -> parse("{'benchmark': 'latency', 'axes': {'framework': 'fake', 'model': 'zero'}}"))
                .hasMessage("x.json: benchmark: unknown benchmark 'latency'; valid: generation, prefill, decode");
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero'}, 'rounds': 0}"))
                .hasMessage("x.json: rounds: must be a positive integer, was 0");
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero'}, 'timeout': '10 minutes'}"))
                .hasMessageStartingWith("x.json: timeout: must be a positive duration");
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero'}, 'jmh': {'forks': 1, 'iterations': 3}}"))
                .hasMessageStartingWith("x.json: jmh.iterations: unknown key 'iterations'; valid: forks, warmupIterations,");
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero'}, 'exclude': [{'batch': 1}]}"))
                .hasMessageStartingWith("x.json: exclude[0].batch: unknown axis 'batch'");
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'model': 'zero'}, 'exclude': [{}]}"))
                .hasMessageStartingWith("x.json: exclude[0]: must be an object naming at least one axis value");
    }

    @Test
    void parse_malformedJsonOrDuplicateKey_namesTheLine() {
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake',\n 'model': }}"))
                .hasMessageStartingWith("x.json: malformed JSON at line 2, column");
        assertThatThrownBy(() -> parse("{'axes': {'framework': 'fake', 'framework': 'x', 'model': 'zero'}}"))
                .hasMessageContaining("Duplicate field 'framework'");
    }

    @Test
    void parse_file_namesItAndDefaultsTheNameToTheFileName() throws Exception {
        Path file = dir.resolve("grid.json");
        Files.writeString(file, "{\"axes\": {\"framework\": \"fake\", \"model\": \"zero\"}}");
        assertThat(SweepSpecParser.parse(file).name()).isEqualTo("grid");
        assertThatThrownBy(() -> SweepSpecParser.parse(dir.resolve("none.json"))).hasMessage(dir.resolve("none.json") + ": no such file");
    }

    @Test
    void parse_shippedSpecs_expandAndEveryEngineAcceptsThem() {
        for (String name : List.of("default", "smoke")) {
            SweepSpec spec = SweepSpecParser.parse(Path.of("benchmarks", "sweeps", name + ".json"));
            // Checked by the engines as a run would be: every value accepted, every prompt within its model's context.
            assertThat(Expansion.expand(spec)).as(name).isNotEmpty();
        }
    }
}
