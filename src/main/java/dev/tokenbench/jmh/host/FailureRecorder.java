package dev.tokenbench.jmh.host;

import dev.tokenbench.measure.AtomicFiles;
import dev.tokenbench.measure.ResultJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * Passes JMH's progress through unchanged and notes the configurations that produced no result, with the
 * one-line reason JMH printed: JMH's JSON omits failed benchmarks, so without this a report could not show them.
 *
 * <p>A configuration failed when JMH ends it without a result ({@code endBenchmark(null)}) or starts the next
 * one (or ends the run) without ending it. The reason is the first line after JMH's {@code <failure>} marker
 * (the exception and its message), else the fork's exit message, else a pointer to JMH's output.
 *
 * <p>It also hands each configuration that finished to a listener the moment JMH ends it, rebuilt from the measured
 * iterations of its measured forks as JMH rebuilds it at the end of the run, so the run can save it at once: a run killed
 * later keeps it.
 */
final class FailureRecorder implements OutputFormat {

    /**
     * One configuration that produced no result.
     *
     * @param benchmark JMH's benchmark name
     * @param mode      JMH's mode label
     * @param params    the {@code @Param} values
     * @param reason    one line: why
     */
    record Failure(String benchmark, String mode, Map<String, String> params, String reason) {
        Failure {
            Objects.requireNonNull(benchmark, "benchmark");
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    private final OutputFormat delegate;
    private final java.util.function.BiConsumer<RunResult, List<Failure>> finished;
    private final List<Failure> failures = new ArrayList<>();
    private final List<List<IterationResult>> forks = new ArrayList<>();
    private boolean measuredFork;
    private BenchmarkParams current;
    private boolean afterFailureMarker;
    private String reason;

    FailureRecorder(OutputFormat delegate) {
        this(delegate, (result, failedSoFar) -> { });
    }

    /**
     * @param delegate where JMH's progress goes
     * @param finished receives each configuration that finished, when it finishes, with the failures noted before it
     */
    FailureRecorder(OutputFormat delegate, java.util.function.BiConsumer<RunResult, List<Failure>> finished) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.finished = Objects.requireNonNull(finished, "finished");
    }

    /** The failures noted so far, in run order. */
    List<Failure> failures() {
        closePending();
        return List.copyOf(failures);
    }

    /** Writes {@code failures} as a JSON array to {@code file}, atomically (an empty array when none failed). */
    static void write(Path file, List<Failure> failures) throws IOException {
        AtomicFiles.writeString(file, ResultJson.mapper().writeValueAsString(failures) + "\n");
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        closePending();
        current = benchParams;
        afterFailureMarker = false;
        reason = null;
        forks.clear();
        measuredFork = false;
        delegate.startBenchmark(benchParams);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (current != null && result == null) {
            fail();
        }
        delegate.endBenchmark(result);
        if (current != null && result != null) {
            List<BenchmarkResult> measured = new ArrayList<>();
            for (List<IterationResult> fork : forks) {
                if (!fork.isEmpty()) {
                    measured.add(new BenchmarkResult(current, fork));
                }
            }
            if (!measured.isEmpty()) {
                finished.accept(new RunResult(current, measured), List.copyOf(failures));
            }
        }
        current = null;
        forks.clear();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        closePending();
        delegate.endRun(result);
    }

    private void closePending() {
        if (current != null) {
            fail();
            current = null;
        }
    }

    private void fail() {
        Map<String, String> params = new LinkedHashMap<>();
        for (String key : current.getParamsKeys()) {
            params.put(key, current.getParam(key));
        }
        failures.add(new Failure(current.getBenchmark(), current.getMode().shortLabel(), params,
                reason != null ? reason : "no result; JMH printed why in its output"));
    }

    private void observe(String text) {
        if (current == null || text == null) {
            return;
        }
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            // JMH announces every fork; only the measured ones ("# Fork: 2 of 3", not "# Warmup Fork: ...") make results.
            if (trimmed.startsWith("# Warmup Fork:")) {
                measuredFork = false;
            } else if (trimmed.startsWith("# Fork:")) {
                measuredFork = true;
                forks.add(new ArrayList<>());
            }
            if (trimmed.equals("<failure>")) {
                afterFailureMarker = true;
            } else if (afterFailureMarker && reason == null && !trimmed.isEmpty()) {
                reason = trimmed;
            } else if (reason == null && (trimmed.startsWith("<forked VM failed") || trimmed.startsWith("<failed to invoke"))) {
                reason = trimmed.replaceAll("^<|>$", "");
            }
        }
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        delegate.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        if (current != null && measuredFork && params.getType() == IterationType.MEASUREMENT && !forks.isEmpty()) {
            forks.get(forks.size() - 1).add(data);
        }
        delegate.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startRun() {
        delegate.startRun();
    }

    @Override
    public void print(String s) {
        delegate.print(s);
    }

    @Override
    public void println(String s) {
        observe(s);
        delegate.println(s);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void verbosePrintln(String s) {
        delegate.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        delegate.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        delegate.write(b);
    }
}
