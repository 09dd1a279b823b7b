package dev.tokenbench.measure;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The format of a run's raw samples ({@link RunFolder#samplesFile()}): one JSON line per benchmark configuration x
 * fork x measured iteration, holding that iteration's {@link TokenSamples} and its memory figures in bytes by
 * {@link Figure} label.
 *
 * <p>JMH's JSON keeps only each iteration's score for secondary results; this file keeps what they were computed
 * from, so a report can merge any subset of iterations or forks and recompute every figure exactly, or test
 * significance on the raw samples.
 */
public final class SamplesFile {

    private static final ObjectWriter WRITER = ResultJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectReader READER = ResultJson.mapper().readerFor(Line.class)
            .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SamplesFile() {
    }

    /**
     * One measured iteration of one fork of one configuration.
     *
     * @param benchmark   JMH's benchmark name, e.g. {@code dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate}
     * @param mode        JMH's mode label, e.g. {@code ss}; may be absent in hand-written files
     * @param params      the {@code @Param} values
     * @param fork        fork index, from 0, in run order
     * @param iteration   measured-iteration index within the fork, from 0
     * @param samples     the iteration's token samples and totals
     * @param memoryBytes the iteration's memory figures by {@link Figure#label()} ({@code rss.peak}...), bytes
     */
    public record Line(String benchmark, String mode, Map<String, String> params, int fork, int iteration,
                       TokenSamples samples, Map<String, Long> memoryBytes) {
        public Line {
            Objects.requireNonNull(benchmark, "benchmark");
            Objects.requireNonNull(samples, "samples");
            params = params == null ? Map.of() : Map.copyOf(params);
            memoryBytes = memoryBytes == null ? Map.of() : Map.copyOf(memoryBytes);
        }
    }

    /** Writes {@code lines} to {@code file}, one JSON object a line, atomically. */
    static void write(Path file, List<Line> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            text.append(WRITER.writeValueAsString(line)).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    /**
     * Reads the lines of {@code file}, skipping blank ones.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file (and the line) if it is not UTF-8, or a line is malformed JSON or not a sample line
     */
    static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    lines.add(READER.readValue(text));
                } catch (JsonParseException e) {
                    throw new IllegalArgumentException(file + ": line " + number + ": malformed JSON: " + oneLine(e.getOriginalMessage()), e);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(file + ": line " + number + ": not a tokenbench sample line (needs benchmark and samples): "
                            + oneLine(e.getOriginalMessage()), e);
                }
            }
        } catch (CharacterCodingException e) {
            // The reader decodes ahead of the lines it returns, so the line is not known here.
            throw new IllegalArgumentException(file + ": not UTF-8 text; samples are UTF-8 JSON lines", e);
        }
        return lines;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace("\r", " ").replace("\n", " ").strip();
    }
}
