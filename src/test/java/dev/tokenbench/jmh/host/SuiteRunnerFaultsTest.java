package dev.tokenbench.jmh.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenbench.jmh.EngineState;
import dev.tokenbench.measure.AtomicFiles;
import dev.tokenbench.measure.EnvironmentFacts;
import dev.tokenbench.measure.FolderLock;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.report.Comparison;
import dev.tokenbench.report.Reports;
import dev.tokenbench.sweep.ConfigurationMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run does when something fails under it: real JMH forks of the fake engine, killed for real where the fault is a
 * killed process; a full or read-only disk through {@link AtomicFiles#withFault} (a test cannot fill or remount the
 * machine's disk; scripts/fault-disks.sh does, where mounting is allowed).
 */
class SuiteRunnerFaultsTest {

    /** Two configurations: the zero-delay fake finishes at once, the 3 s-per-request one is killed in its measured request. */
    private static final List<String> TWO_CONFIGURATIONS = List.of("GenerationLatencyBenchmark", "-p", "framework=fake",
            "-p", "model=zero,timing:3s/0ms/0ms", "-p", "batchSize=1", "-p", "promptTokens=4", "-p", "newTokens=2", "-p", "threads=1",
            "-f", "1", "-wi", "0", "-i", "1", "-jvmArgsAppend", "-Xmx128m -XX:TieredStopAtLevel=1 -D" + EngineState.WARMUP_MILLIS_PROPERTY + "=0");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void run_forkKilledMidIteration_keepsTheFinishedConfigurationAndRecordsTheKill() throws Exception {
        Path folder = dir.resolve("run");
        WatchedOutput output = new WatchedOutput();
        // Kill the second configuration's fork inside its measured request: JMH announces iteration 1, the fork's trial setup
        // serves two warm-up requests of 3 s, then the measured one runs from 6 s to 9 s. The fork is this JVM's only child.
        Thread killer = new Thread(() -> {
            if (output.await("model = timing:3s/0ms/0ms", "Iteration   1:")) {
                sleep(7_500);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline && ProcessHandle.current().children().noneMatch(ProcessHandle::destroyForcibly)) {
                    sleep(50);
                }
            }
        });
        killer.start();

        SuiteRunner.Completed completed = (SuiteRunner.Completed) new SuiteRunner(output.stream(), List.of()).run(TWO_CONFIGURATIONS, folder);
        killer.join();

        assertThat(completed.results()).hasSize(1);
        assertThat(completed.failedConfigurations()).isEqualTo(1);
        JsonNode results = MAPPER.readTree(folder.resolve(RunFolder.RESULTS_FILE).toFile());
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("params").get("model").asText()).isEqualTo("zero");
        JsonNode failures = MAPPER.readTree(folder.resolve(RunFolder.FAILURES_FILE).toFile());
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("params").get("model").asText()).isEqualTo("timing:3s/0ms/0ms");
        assertThat(failures.get(0).get("reason").asText()).isEqualTo("forked VM failed with exit code 137");
        assertThat(RunFolder.at(folder).readSamples()).hasSize(1);
        assertOnlyFinalFiles(folder);
    }

    @Test
    void run_forkRunsOutOfNativeMemory_recordsTheAllocationFailureAndRunsTheNextConfiguration() throws Exception {
        Path folder = dir.resolve("run");
        // Every fork runs under an address-space limit of 3 GiB (ulimit -v), and the fake holds 8 MiB of native memory per
        // context position during a request: 6 positions (48 MiB) fit, 514 positions (4.0 GiB) cannot, so that fork's
        // malloc fails for real. The JVM's own reservations are kept small so that it starts well inside the limit.
        Path limitedJava = dir.resolve("java-with-3g-address-space");
        // (JMH also starts it without the fork's arguments to read its properties, so the small reservations are given here.)
        Files.writeString(limitedJava, "#!/bin/sh\nulimit -v 3145728 || exit 97\nMALLOC_ARENA_MAX=2 exec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Xmx128m -XX:CompressedClassSpaceSize=64m -XX:ReservedCodeCacheSize=64m"
                + " \"$@\"\n");
        assertThat(limitedJava.toFile().setExecutable(true)).isTrue();
        List<String> arguments = List.of("GenerationLatencyBenchmark", "-p", "framework=fake", "-p", "model=zero", "-p", "batchSize=1",
                "-p", "promptTokens=512,4", "-p", "newTokens=2", "-p", "threads=1", "-f", "1", "-wi", "0", "-i", "1",
                "-jvm", limitedJava.toString(), "-jvmArgsAppend", "-XX:TieredStopAtLevel=1 -D" + EngineState.WARMUP_MILLIS_PROPERTY + "=0 -D"
                        + dev.tokenbench.engine.FakeEngine.NATIVE_BYTES_PER_POSITION_PROPERTY + "=" + (8L << 20));
        WatchedOutput output = new WatchedOutput();

        SuiteRunner.Completed completed = (SuiteRunner.Completed) new SuiteRunner(output.stream(), List.of()).run(arguments, folder);

        assertThat(completed.results()).as(output.text()).hasSize(1);
        assertThat(completed.failedConfigurations()).isEqualTo(1);
        JsonNode results = MAPPER.readTree(folder.resolve(RunFolder.RESULTS_FILE).toFile());
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("params").get("promptTokens").asText()).isEqualTo("4");
        JsonNode failures = MAPPER.readTree(folder.resolve(RunFolder.FAILURES_FILE).toFile());
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("params").get("promptTokens").asText()).isEqualTo("512");
        assertThat(failures.get(0).get("reason").asText()).isEqualTo("java.lang.OutOfMemoryError: Cannot allocate " + (514L << 23) + " bytes");
        assertThat(RunFolder.at(folder).readSamples()).hasSize(1);
        assertOnlyFinalFiles(folder);
    }

    @Test
    void run_hostKilledMidRun_keepsFinishedConfigurationsAndTheNextRunSaysWhatHappened() throws Exception {
        Path results = dir.resolve("runs");
        Path folder = results.resolve("20261128T000000Z-abc");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-Djmh.ignoreLock=true",
                "-cp", System.getProperty("java.class.path"), ConfigurationMain.class.getName(), folder.toString()));
        command.addAll(TWO_CONFIGURATIONS.stream().map(a -> a.replace("timing:3s/", "timing:30s/")).toList());
        Process host = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("host.log").toFile()).start();
        try {
            // The first configuration is saved the moment it finishes (failures.json is its last file); then the host dies in the second.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(folder.resolve(RunFolder.FAILURES_FILE)) && System.nanoTime() < deadline && host.isAlive()) {
                sleep(100);
            }
            assertThat(folder.resolve(RunFolder.FAILURES_FILE)).as(Files.readString(dir.resolve("host.log"))).exists();
        } finally {
            List<ProcessHandle> forks = host.descendants().toList();
            host.destroyForcibly();
            host.waitFor(10, TimeUnit.SECONDS);
            forks.forEach(ProcessHandle::destroyForcibly);
        }

        JsonNode kept = MAPPER.readTree(folder.resolve(RunFolder.RESULTS_FILE).toFile());
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).get("params").get("model").asText()).isEqualTo("zero");
        assertThat(RunFolder.at(folder).readSamples()).hasSize(1);
        Comparison comparison = Reports.compareFiles(List.of(folder.resolve(RunFolder.RESULTS_FILE)), Optional.empty());
        assertThat(comparison.groups()).hasSize(1);
        assertThat(folder.resolve(RunFolder.RUNNING_FILE)).exists();

        List<String> notes = RunFolder.noteInterruptedRuns(results);

        assertThat(notes).hasSize(1);
        assertThat(notes.get(0)).startsWith(folder + ": the run (pid " + host.pid() + " on ")
                .endsWith(") ended before it finished; the 1 configuration that finished is kept in jmh.json");
        assertThat(folder.resolve(RunFolder.INTERRUPTED_FILE)).hasContent(notes.get(0));
        assertThat(folder.resolve(RunFolder.RUNNING_FILE)).doesNotExist();
        assertThat(RunFolder.noteInterruptedRuns(results)).isEmpty();
    }

    @Test
    void run_diskFillsAfterTheEnvironmentFile_failsNamingTheResultsAndLeavesNoPartialFile() throws Exception {
        Path folder = dir.resolve("run");
        int environmentBytes = (ResultJson.mapper().writeValueAsString(EnvironmentFacts.collect()) + "\n").getBytes(StandardCharsets.UTF_8).length;
        WatchedOutput output = new WatchedOutput();
        List<String> oneConfiguration = TWO_CONFIGURATIONS.stream().map(a -> a.equals("model=zero,timing:3s/0ms/0ms") ? "model=zero" : a).toList();

        assertThatThrownBy(() -> AtomicFiles.withFault(new AtomicFiles.DiskFull(environmentBytes + 100),
                () -> new SuiteRunner(output.stream(), List.of()).run(oneConfiguration, folder)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(folder.resolve("jmh.json") + ": cannot write the results (")
                .hasMessageContaining("No space left on device")
                .hasMessageEndingWith("nothing is left half-written, JMH printed every figure above");

        assertThat(output.text()).contains("tokenbench: warning: cannot save the finished configurations yet (");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(RunFolder.ENVIRONMENT_FILE);
        }
    }

    @Test
    void run_readOnlyResultsFolder_failsBeforeAnyFork() {
        Path folder = dir.resolve("run");
        WatchedOutput output = new WatchedOutput();

        assertThatThrownBy(() -> AtomicFiles.withFault(new AtomicFiles.ReadOnly(),
                () -> new SuiteRunner(output.stream(), List.of()).run(TWO_CONFIGURATIONS, folder)))
                .isInstanceOf(java.nio.file.FileSystemException.class)
                .hasMessage(folder + ": cannot write the results folder (Read-only file system); choose a writable folder"
                        + " (--results-dir, or -rff FILE)");

        assertThat(output.text()).doesNotContain("# Fork");
        assertThat(folder).doesNotExist();
    }

    @Test
    void run_anotherRunWritesIntoTheFolder_isRefusedNamingIt() throws IOException {
        Path folder = dir.resolve("run");
        WatchedOutput output = new WatchedOutput();
        try (FolderLock other = FolderLock.acquire(folder.resolve(RunFolder.RUNNING_FILE), "pid 4242 on elsewhere, started 2026-11-28T20:00:00Z", "x")) {
            assertThat(other.interruptedHolder()).isEmpty();
            assertThatThrownBy(() -> new SuiteRunner(output.stream(), List.of()).run(TWO_CONFIGURATIONS, folder))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(folder + ": another process is writing into this folder (pid 4242 on elsewhere, started 2026-11-28T20:00:00Z);"
                            + " wait for it to end, or write into another folder (--results-dir, or -rff FILE)");
        }
        assertThat(output.text()).doesNotContain("# Fork");
    }

    /** The folder holds only final names: no temporary file, no lock of a run that finished. */
    private static void assertOnlyFinalFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(RunFolder.RESULTS_FILE, RunFolder.ENVIRONMENT_FILE, RunFolder.SAMPLES_FILE, RunFolder.FAILURES_FILE);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** JMH's output, kept so a test can wait for a line. */
    private static final class WatchedOutput extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        PrintStream stream() {
            return new PrintStream(this, true, StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits (up to 2 minutes) until {@code first} appears and {@code then} after it. */
        synchronized boolean await(String first, String then) {
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                String text = text();
                int at = text.indexOf(first);
                if (at >= 0 && text.indexOf(then, at) >= 0) {
                    return true;
                }
                try {
                    wait(200);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return false;
        }
    }
}
