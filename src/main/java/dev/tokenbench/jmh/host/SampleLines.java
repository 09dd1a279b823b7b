package dev.tokenbench.jmh.host;

import dev.tokenbench.jmh.TokenFigureResult;
import dev.tokenbench.measure.Figure;
import dev.tokenbench.measure.SamplesFile;
import dev.tokenbench.measure.TokenSamples;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ScalarResult;

/** The {@link SamplesFile} lines of a JMH run: its profilers' raw results per fork and measured iteration. */
public final class SampleLines {

    private SampleLines() {
    }

    /** The lines of every measured iteration that has token samples, in run, fork and iteration order. */
    public static List<SamplesFile.Line> of(Collection<RunResult> results) {
        List<SamplesFile.Line> lines = new ArrayList<>();
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
                        } else if (result instanceof ScalarResult && Figure.Unit.BYTES.symbol().equals(result.getScoreUnit())) {
                            memory.put(result.getLabel(), (long) result.getScore());
                        }
                    }
                    if (samples != null) {
                        lines.add(new SamplesFile.Line(params.getBenchmark(), params.getMode().shortLabel(), values, fork, iteration,
                                samples, memory));
                    }
                    iteration++;
                }
                fork++;
            }
        }
        return lines;
    }
}
