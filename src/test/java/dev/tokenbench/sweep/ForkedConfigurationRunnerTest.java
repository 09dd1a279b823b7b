package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real JMH hosts and forks on the fake engine. */
class ForkedConfigurationRunnerTest {

    private static final JmhSettings QUICK = new JmhSettings(1, 0, 2, OptionalLong.empty());

    @TempDir
    Path dir;
    @TempDir
    Path tmp;

    /** A runner whose JMH hosts take their lock in a temporary folder of their own, so that they never block another JMH run of this machine. */
    private ForkedConfigurationRunner runner() {
        return new ForkedConfigurationRunner(java.util.List.of("-Djava.io.tmpdir=" + tmp));
    }

    private static Configuration fake(String model) {
        return new Configuration(SweepBenchmark.GENERATION, "fake", model, "f32", 1, 8, 4, 1);
    }

    @Test
    void jmhArguments_selectOneBenchmarkWithEveryParam() {
        assertThat(ForkedConfigurationRunner.jmhArguments(fake("zero"), QUICK)).containsExactly(
                "dev\\.tokenbench\\.benchmarks\\.GenerationLatencyBenchmark\\.generate$",
                "-p", "framework=fake", "-p", "model=zero", "-p", "precision=f32", "-p", "batchSize=1", "-p", "promptTokens=8",
                "-p", "newTokens=4", "-p", "threads=1", "-f", "1", "-wi", "0", "-i", "2");
    }

    @Test
    void run_fakeEngine_writesTheRunFolder() throws Exception {
        assertThat(runner().run(fake("zero"), QUICK, Duration.ofMinutes(2), dir)).isEmpty();
        assertThat(dir.resolve("jmh.json")).content().contains("\"framework\" : \"fake\"", "ttft.p50");
        assertThat(dir.resolve("samples.jsonl")).isNotEmptyFile();
        assertThat(dir.resolve("env.json")).isNotEmptyFile();
        assertThat(dir.resolve("failures.json")).content().isEqualToIgnoringWhitespace("[]");
        assertThat(dir.resolve("output.log")).content().contains("GenerationLatencyBenchmark");
    }

    @Test
    void run_configurationFailingInItsFork_returnsJmhsReason() throws Exception {
        assertThat(runner().run(fake("no-such-schedule"), QUICK, Duration.ofMinutes(2), dir))
                .hasValueSatisfying(reason -> assertThat(reason).contains("unknown model 'no-such-schedule' for framework fake"));
    }

    @Test
    void run_pastTheTimeout_isKilledAndSaysSo() throws Exception {
        long start = System.nanoTime();
        assertThat(runner().run(fake("timing:10s/0ms/0ms"), QUICK, Duration.ofSeconds(3), dir))
                .hasValue("timed out after 3s (the spec's timeout); its output is in output.log");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count()).isZero();
    }

    @Test
    void reason_fromTheLogWhenJmhWroteNoFailure() throws Exception {
        Files.writeString(dir.resolve("output.log"), "starting\njava.lang.OutOfMemoryError: Java heap space\n\tat x\n");
        assertThat(ForkedConfigurationRunner.reason(dir, 1)).isEqualTo("java.lang.OutOfMemoryError: Java heap space");
        Files.writeString(dir.resolve("output.log"), "nothing useful\n");
        assertThat(ForkedConfigurationRunner.reason(dir, 137)).isEqualTo("the JMH host exited with code 137; its output is in output.log");
    }
}
