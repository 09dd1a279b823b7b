package dev.tokenbench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenbench.measure.AtomicFiles;
import dev.tokenbench.measure.ResultJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ScalarResult;

/**
 * {@code samples.jsonl}, the sidecar next to JMH's JSON: one line per benchmark configuration x fork x measured
 * iteration, holding that iteration's raw token samples and totals ({@link TokenSamples}: TTFT, ITL, TPOT, E2E
 * nanos, per-request wall nanos and tokens, token counts, iteration wall nanos) and its memory figures in bytes.
 *
 * <p>JMH's JSON keeps only each iteration's score for secondary results; this file keeps what they were computed
 * from, so a report can merge any subset of iterations or forks and recompute every figure exactly, or test
 * significance on the raw samples.
 */
public final class SamplesFile {

    /** The sidecar's file name in a run folder. */
    public static final String FILE_NAME = "samples.jsonl";

    private static final ObjectWriter WRITER = ResultJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectReader READER = ResultJson.mapper().readerFor(Line.class);

    private SamplesFile() {
    }

    /**
     * One measured iteration of one fork of one configuration.
     *
     * @param benchmark   JMH's benchmark name, e.g. {@code dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate}
     * @param mode        JMH's mode label, e.g. {@code ss}
     * @param params      the {@code @Param} values
     * @param fork        fork index, from 0, in run order
     * @param iteration   measured-iteration index within the fork, from 0
     * @param samples     the iteration's token samples and totals
     * @param memoryBytes the iteration's memory figures by label ({@code rss.peak}, {@code heap.peak}...), bytes
     */
    public record Line(String benchmark, String mode, Map<String, String> params, int fork, int iteration,
                       TokenSamples samples, Map<String, Long> memoryBytes) {
        public Line {
            Objects.requireNonNull(benchmark, "benchmark");
            Objects.requireNonNull(samples, "samples");
            params = Map.copyOf(params);
            memoryBytes = Map.copyOf(memoryBytes);
        }
    }

    /** The lines of every measured iteration that has token samples, in run, fork and iteration order. */
    public static List<Line> lines(Collection<RunResult> results) {
        List<Line> lines = new ArrayList<>();
        for (RunResult run : results) {
            BenchmarkParams params = run.getParams();
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : params.getParamsKeys()) {
                values.put(key, params.getParam(key));
            }
            int fork = 0;
            for (BenchmarkResult forkResult : run.getBenchmarkResults()) {
                int iteration = 0;
                for (IterationResult iterationResult : forkResult.getIterationResults()) {
                    TokenSamples samples = null;
                    Map<String, Long> memory = new LinkedHashMap<>();
                    for (Result<?> result : iterationResult.getRawSecondaryResults().values()) {
                        if (result instanceof TokenFigureResult figure) {
                            samples = figure.samples();
                        } else if (result instanceof ScalarResult && MemoryProfiler.BYTES.equals(result.getScoreUnit())) {
                            memory.put(result.getLabel(), (long) result.getScore());
                        }
                    }
                    if (samples != null) {
                        lines.add(new Line(params.getBenchmark(), params.getMode().shortLabel(), values, fork, iteration, samples, memory));
                    }
                    iteration++;
                }
                fork++;
            }
        }
        return lines;
    }

    /** Writes the sidecar of {@code results} to {@code file}, atomically. */
    public static void write(Path file, Collection<RunResult> results) throws IOException {
        writeLines(file, lines(results));
    }

    /** Writes {@code lines} to {@code file}, one JSON object a line, atomically. */
    public static void writeLines(Path file, List<Line> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            text.append(WRITER.writeValueAsString(line)).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    /**
     * Reads a sidecar.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file and line if a line is not a sample line
     */
    public static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<String> texts = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isBlank()) {
                continue;
            }
            try {
                lines.add(READER.readValue(texts.get(i)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a tokenbench sample line: " + e.getOriginalMessage(), e);
            }
        }
        return lines;
    }
}
