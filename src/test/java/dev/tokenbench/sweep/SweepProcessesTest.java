package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole sweeps as separate {@code sweep} processes on the fake engine: killed and resumed, and sharded and merged. */
class SweepProcessesTest {

    @TempDir
    Path dir;

    private Process sweep(Path spec, Path out, String... more) throws IOException {
        return sweep(dir.resolve("tmp"), spec, out, more);
    }

    /**
     * A sweep process. It and every JVM it starts use {@code tmp} as their temporary folder, and so take JMH's lock there:
     * the test never blocks (or is blocked by) another JMH run of this machine, and shards in separate folders run at once.
     */
    private Process sweep(Path tmp, Path spec, Path out, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.tokenbench.cli.Main", "sweep", spec.toString(), "--out", out.toString()));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(out.getFileName() + ".log").toFile());
        Files.createDirectories(tmp);
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
        return builder.start();
    }

    private Path spec(String json) throws IOException {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, json);
        return spec;
    }

    @Test
    void sigkillMidConfiguration_thenResume_losesAndRepeatsNoFinishedRun() throws Exception {
        // Each run takes several seconds in its fork (warm-up and 4 measured requests of 1 s), so a kill that follows the
        // check below lands inside one, even when a loaded machine delays this thread between the check and the kill.
        Path spec = spec("{\"axes\": {\"framework\": \"fake\", \"model\": \"timing:1s/0ms/0ms\", \"batchSize\": [1, 2, 3]},"
                + " \"jmh\": {\"forks\": 1, \"warmupIterations\": 0, \"measurementIterations\": 4}, \"rounds\": 1}");
        Path out = dir.resolve("out");
        Process first = sweep(spec, out);
        SweepFolder folder = new SweepFolder(out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300); // generous: a machine loaded 40x starts JVMs slowly
        // The sweep's JMH host and its fork, found by ancestry (a long class path can push the folder beyond the part of a
        // command line that ProcessHandle reports), listed before the check so that the kill follows it at once.
        List<ProcessHandle> hosts = first.descendants().toList();
        while (System.nanoTime() < deadline && (folder.readRecords().size() < 1 || !running(folder))) {
            Thread.sleep(100);
            hosts = first.descendants().toList();
        }
        first.destroyForcibly(); // SIGKILL
        assertThat(folder.readRecords()).as("a finished run before the kill").isNotEmpty();
        first.waitFor(10, TimeUnit.SECONDS);
        // The orphaned JMH host of the interrupted run sees its sweep gone and ends itself (and its fork).
        long orphanDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < orphanDeadline && hosts.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(100);
        }
        assertThat(hosts.stream().filter(ProcessHandle::isAlive)).as("the killed sweep's JMH host").isEmpty();
        Map<String, FileTime> finished = new HashMap<>();
        for (String key : folder.readRecords().keySet()) {
            finished.put(key, Files.getLastModifiedTime(folder.runFolder(key).resolve("jmh.json")));
        }
        SweepIndex killed = folder.readIndex().orElseThrow();
        List<String> interrupted = killed.runs().stream().filter(run -> run.status() == RunStatus.RUNNING).map(RunRecord::key).toList();
        assertThat(interrupted).hasSize(1);
        assertThat(finished).doesNotContainKey(interrupted.get(0));

        Process second = sweep(spec, out, "--resume");
        assertThat(second.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("out.log"))).isZero();
        SweepIndex resumed = folder.readIndex().orElseThrow();
        assertThat(resumed.doneCount()).isEqualTo(3);
        for (Map.Entry<String, FileTime> entry : finished.entrySet()) {
            assertThat(Files.getLastModifiedTime(folder.runFolder(entry.getKey()).resolve("jmh.json"))).as("not re-run: " + entry.getKey())
                    .isEqualTo(entry.getValue());
        }
        assertThat(folder.runFolder(interrupted.get(0)).resolve("jmh.json")).exists();
        assertThat(Files.readString(dir.resolve("out.log"))).contains("(" + (3 - finished.size()) + " run now)",
                "Report: " + out.resolve("report.md") + " (also report.html, report.csv, report.json, charts/)");
        // the sweep wrote the report of its rounds into its folder, as 'report DIR' does
        assertThat(out.resolve("report.md")).content().contains("## Summary");
        assertThat(out.resolve("report.html")).isNotEmptyFile();
        assertThat(out.resolve("report.json")).isNotEmptyFile();
        assertThat(out.resolve("report.csv")).isNotEmptyFile();
    }

    private static boolean running(SweepFolder folder) throws IOException {
        Optional<SweepIndex> index = folder.readIndex();
        return index.isPresent() && index.get().runs().stream().anyMatch(run -> run.status() == RunStatus.RUNNING);
    }

    @Test
    void shardsInConcurrentProcesses_mergedEqualTheUnshardedConfigurations() throws Exception {
        Path spec = spec("{\"axes\": {\"framework\": \"fake\", \"model\": [\"zero\", \"paced\"], \"batchSize\": [1, 2]},"
                + " \"jmh\": {\"forks\": 1, \"warmupIterations\": 0, \"measurementIterations\": 2}}");
        List<Process> shards = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Path out = dir.resolve("shard-" + k);
            folders.add(out);
            // Separate machines in real life: here separate temporary folders, since JMH refuses a second instance per folder.
            shards.add(sweep(dir.resolve("tmp-" + k), spec, out, "--shard", k + "/3"));
        }
        for (int k = 0; k < 3; k++) {
            assertThat(shards.get(k).waitFor(600, TimeUnit.SECONDS)).isTrue();
            assertThat(shards.get(k).exitValue()).as(Files.readString(dir.resolve("shard-" + (k + 1) + ".log"))).isZero();
        }
        SweepMerge.Merged merged = SweepMerge.merge(folders, dir.resolve("merged"));
        Set<String> unsharded = new HashSet<>();
        SweepRunner.plan(spec, Shard.ALL, Optional.empty()).all().forEach(configuration -> unsharded.add(configuration.id()));
        Set<String> mergedIds = new HashSet<>();
        merged.index().configurations().keySet().forEach(configuration -> mergedIds.add(configuration.id()));
        assertThat(mergedIds).isEqualTo(unsharded).hasSize(4);
        assertThat(merged.index().doneCount()).isEqualTo(4);
        assertThat(merged.missingShards()).isEmpty();
    }
}
