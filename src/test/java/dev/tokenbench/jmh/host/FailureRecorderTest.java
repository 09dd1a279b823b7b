package dev.tokenbench.jmh.host;

import dev.tokenbench.measure.RunFolder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.measure.ResultJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.SingleShotResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

class FailureRecorderTest {

    @TempDir
    Path dir;

    private static BenchmarkParams params(String framework) {
        WorkloadParams workload = new WorkloadParams();
        Map<String, String> values = new TreeMap<>(Map.of("framework", framework, "model", "tiny", "batchSize", "1"));
        int order = 0;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            workload.put(entry.getKey(), entry.getValue(), order++);
        }
        IterationParams iteration = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.NONE, 1);
        return new BenchmarkParams("dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate", "generated", false, 1, new int[] {1},
                List.<String>of(), 1, 0, iteration, iteration, Mode.SingleShotTime, workload, java.util.concurrent.TimeUnit.MILLISECONDS, 1,
                "java", List.<String>of(), "17", "vm", "17", "1.37", TimeValue.NONE);
    }

    @Test
    void failures_benchmarkEndedWithoutResult_recordedWithTheExceptionLine() throws IOException {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        FailureRecorder recorder = new FailureRecorder(OutputFormatFactory.createFormatInstance(
                new PrintStream(progress, true, StandardCharsets.UTF_8), VerboseMode.NORMAL));

        recorder.startBenchmark(params("djl-pytorch"));
        recorder.println("<failure>");
        recorder.println("");
        recorder.println("java.lang.IllegalStateException: model tiny: cannot open model.safetensors\n\tat x.y(Z.java:1)");
        recorder.endBenchmark(null);
        recorder.startBenchmark(params("fake"));
        recorder.println("<forked VM failed with exit code 137>");
        recorder.endRun(List.of());

        List<FailureRecorder.Failure> failures = recorder.failures();
        assertThat(failures).hasSize(2);
        assertThat(failures.get(0).params()).containsEntry("framework", "djl-pytorch");
        assertThat(failures.get(0).reason()).isEqualTo("java.lang.IllegalStateException: model tiny: cannot open model.safetensors");
        assertThat(failures.get(1).reason()).isEqualTo("forked VM failed with exit code 137");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("<failure>");

        Path file = dir.resolve(RunFolder.FAILURES_FILE);
        FailureRecorder.write(file, failures);
        JsonNode json = ResultJson.mapper().readTree(file.toFile());
        assertThat(json.get(0).get("benchmark").asText()).isEqualTo("dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate");
        assertThat(json.get(0).get("mode").asText()).isEqualTo("ss");
        assertThat(json.get(1).at("/params/framework").asText()).isEqualTo("fake");
    }

    @Test
    void failures_benchmarkWithResult_notRecorded() {
        FailureRecorder recorder = new FailureRecorder(OutputFormatFactory.createFormatInstance(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), VerboseMode.SILENT));

        recorder.startBenchmark(params("fake"));
        recorder.endBenchmark(new org.openjdk.jmh.results.BenchmarkResult(params("fake"), List.of()));

        assertThat(recorder.failures()).isEmpty();
    }

    private static IterationResult iteration(BenchmarkParams benchmark, IterationType type, long millis) {
        IterationResult result = new IterationResult(benchmark, new IterationParams(type, 1, TimeValue.NONE, 1),
                new org.openjdk.jmh.results.IterationResultMetaData(0, 1));
        result.addResult(new SingleShotResult(ResultRole.PRIMARY, "generate", millis * 1_000_000L, java.util.concurrent.TimeUnit.MILLISECONDS));
        return result;
    }

    @Test
    void finished_configurationWithTwoMeasuredForks_isHandedOverAtItsEndWithoutWarmUps() {
        List<RunResult> finished = new ArrayList<>();
        FailureRecorder recorder = new FailureRecorder(OutputFormatFactory.createFormatInstance(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), VerboseMode.SILENT),
                (result, failedSoFar) -> finished.add(result));
        BenchmarkParams fake = params("fake");
        IterationParams measured = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.NONE, 1);

        recorder.startBenchmark(fake);
        recorder.println("# Warmup Fork: 1 of 1");
        recorder.iterationResult(fake, measured, 1, iteration(fake, IterationType.MEASUREMENT, 100));
        recorder.println("# Fork: 1 of 2");
        recorder.iterationResult(fake, new IterationParams(IterationType.WARMUP, 1, TimeValue.NONE, 1), 1, iteration(fake, IterationType.WARMUP, 50));
        recorder.iterationResult(fake, measured, 1, iteration(fake, IterationType.MEASUREMENT, 2));
        recorder.iterationResult(fake, measured, 2, iteration(fake, IterationType.MEASUREMENT, 4));
        recorder.println("# Fork: 2 of 2");
        recorder.iterationResult(fake, measured, 1, iteration(fake, IterationType.MEASUREMENT, 6));
        assertThat(finished).isEmpty();
        recorder.endBenchmark(new org.openjdk.jmh.results.BenchmarkResult(fake, List.of(iteration(fake, IterationType.MEASUREMENT, 1))));

        assertThat(finished).hasSize(1);
        List<org.openjdk.jmh.results.BenchmarkResult> forks = List.copyOf(finished.get(0).getBenchmarkResults());
        assertThat(forks).hasSize(2);
        assertThat(forks.get(0).getIterationResults()).extracting(r -> r.getPrimaryResult().getScore()).containsExactly(2.0, 4.0);
        assertThat(forks.get(1).getIterationResults()).extracting(r -> r.getPrimaryResult().getScore()).containsExactly(6.0);
        assertThat(finished.get(0).getParams().getParam("framework")).isEqualTo("fake");
    }

    @Test
    void finished_failedConfiguration_isNotHandedOver() {
        List<RunResult> finished = new ArrayList<>();
        FailureRecorder recorder = new FailureRecorder(OutputFormatFactory.createFormatInstance(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), VerboseMode.SILENT),
                (result, failedSoFar) -> finished.add(result));
        BenchmarkParams fake = params("fake");

        recorder.startBenchmark(fake);
        recorder.println("# Fork: 1 of 1");
        recorder.iterationResult(fake, new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.NONE, 1), 1,
                iteration(fake, IterationType.MEASUREMENT, 2));
        recorder.println("<forked VM failed with exit code 137>");
        recorder.endBenchmark(null);

        assertThat(finished).isEmpty();
        assertThat(recorder.failures()).extracting(FailureRecorder.Failure::reason).containsExactly("forked VM failed with exit code 137");
    }
}
