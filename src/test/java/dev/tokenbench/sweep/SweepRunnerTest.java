package dev.tokenbench.sweep;

import static dev.tokenbench.sweep.SweepSpecParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRunnerTest {

    private static final String SPEC = "{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [1, 2, 4]}, 'rounds': 2}";

    @TempDir
    Path dir;

    /** Runs every configuration in a second of fake time, writing a jmh.json; fails the ids it is told to. */
    static final class ScriptedRunner implements ConfigurationRunner {
        final List<String> ran = new ArrayList<>();
        final List<String> failIds = new ArrayList<>();
        final AtomicLong clock;

        ScriptedRunner(AtomicLong clock) {
            this.clock = clock;
        }

        @Override
        public Optional<String> run(Configuration configuration, JmhSettings jmh, java.time.Duration timeout, Path folder) throws IOException {
            ran.add(configuration.id());
            clock.addAndGet(1_000_000_000L);
            if (failIds.contains(configuration.id())) {
                Files.writeString(folder.resolve("output.log"), "boom");
                return Optional.of("java.lang.OutOfMemoryError: Java heap space\n\tat somewhere");
            }
            Files.writeString(folder.resolve("jmh.json"), "[]");
            return Optional.empty();
        }
    }

    private static SweepRunner.Planned plan(String json) {
        return SweepRunner.plan(parse(json), json, Shard.ALL, Optional.empty(), spec -> Expansion.expand(spec, configuration -> { }));
    }

    @Test
    void run_failingConfiguration_isRecordedAndTheSweepGoesOn() throws Exception {
        AtomicLong clock = new AtomicLong();
        ScriptedRunner runner = new ScriptedRunner(clock);
        runner.failIds.add("generation-fake-zero-f32-b2-p128-n64-t1");
        List<String> lines = new ArrayList<>();
        SweepRunner.Outcome outcome = new SweepRunner(runner, recording(lines), clock::get).run(plan(SPEC), new SweepFolder(dir));
        assertThat(runner.ran).hasSize(6);
        assertThat(outcome.ranNow()).isEqualTo(6);
        assertThat(outcome.failed()).hasSize(2).allMatch(run -> run.reason().equals(Optional.of("java.lang.OutOfMemoryError: Java heap space")));
        assertThat(outcome.index().doneCount()).isEqualTo(4);
        assertThat(lines).hasSize(6);
        SweepIndex onDisk = new SweepFolder(dir).readIndex().orElseThrow();
        assertThat(onDisk.toJson()).isEqualTo(outcome.index().toJson());
        assertThat(dir.resolve("runs/generation-fake-zero-f32-b1-p128-n64-t1/round-1/jmh.json")).exists();
        assertThat(dir.resolve("runs/generation-fake-zero-f32-b2-p128-n64-t1/round-2/result.json")).content().contains("\"failed\"");
        assertThat(dir.resolve("spec.json")).hasContent(SPEC);
    }

    @Test
    void run_again_skipsFinishedAndRerunsFailedAndInterrupted() throws Exception {
        AtomicLong clock = new AtomicLong();
        ScriptedRunner first = new ScriptedRunner(clock);
        first.failIds.add("generation-fake-zero-f32-b4-p128-n64-t1");
        SweepRunner.Planned planned = plan(SPEC);
        new SweepRunner(first, recording(new ArrayList<>()), clock::get).run(planned, new SweepFolder(dir));
        // A sweep killed mid-run leaves the index saying "running" and a partial folder, never a run folder.
        SweepFolder folder = new SweepFolder(dir);
        String interrupted = planned.runs().get(0).key();
        SweepFolder.deleteTree(folder.runFolder(interrupted));
        Files.writeString(folder.newPartialFolder(interrupted).resolve("output.log"), "half a run");

        ScriptedRunner second = new ScriptedRunner(clock);
        SweepRunner.Outcome outcome = new SweepRunner(second, recording(new ArrayList<>()), clock::get).run(planned, folder);
        assertThat(second.ran).containsExactlyInAnyOrder(planned.runs().get(0).configuration().id(),
                "generation-fake-zero-f32-b4-p128-n64-t1", "generation-fake-zero-f32-b4-p128-n64-t1");
        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.index().doneCount()).isEqualTo(6);
        try (var partials = Files.walk(dir)) {
            assertThat(partials.filter(path -> path.getFileName().toString().endsWith(".partial"))).isEmpty();
        }

        ScriptedRunner third = new ScriptedRunner(clock);
        assertThat(new SweepRunner(third, recording(new ArrayList<>()), clock::get).run(planned, folder).ranNow()).isZero();
        assertThat(third.ran).isEmpty();
    }

    @Test
    void run_again_afterACrashBetweenTheRunsRecordAndItsRename_keepsTheFinishedRun() throws Exception {
        AtomicLong clock = new AtomicLong();
        SweepRunner.Planned planned = plan(SPEC);
        SweepFolder folder = new SweepFolder(dir);
        new SweepRunner(new ScriptedRunner(clock), recording(new ArrayList<>()), clock::get).run(planned, folder);
        // The crash: result.json written into the partial folder, then neither the rename nor the index update happened.
        String crashed = planned.runs().get(2).key();
        Path finished = folder.runFolder(crashed);
        Path partial = finished.resolveSibling("." + finished.getFileName() + ".partial");
        Files.move(finished, partial);
        folder.writeIndex(folder.readIndex().orElseThrow().with(new RunRecord(crashed, RunStatus.RUNNING, java.util.OptionalDouble.empty(),
                Optional.empty())));

        ScriptedRunner again = new ScriptedRunner(clock);
        SweepRunner.Outcome outcome = new SweepRunner(again, recording(new ArrayList<>()), clock::get).run(planned, folder);

        assertThat(again.ran).isEmpty();
        assertThat(outcome.index().doneCount()).isEqualTo(6);
        assertThat(finished.resolve("jmh.json")).hasContent("[]");
        assertThat(partial).doesNotExist();
        assertThat(folder.readIndex().orElseThrow().runs().stream().filter(r -> r.key().equals(crashed)).findFirst().orElseThrow()
                .status()).isEqualTo(RunStatus.DONE);
    }

    @Test
    void run_again_afterACrashBetweenTheRenameAndTheIndexUpdate_keepsTheFinishedRun() throws Exception {
        AtomicLong clock = new AtomicLong();
        SweepRunner.Planned planned = plan(SPEC);
        SweepFolder folder = new SweepFolder(dir);
        new SweepRunner(new ScriptedRunner(clock), recording(new ArrayList<>()), clock::get).run(planned, folder);
        String crashed = planned.runs().get(5).key();
        folder.writeIndex(folder.readIndex().orElseThrow().with(new RunRecord(crashed, RunStatus.RUNNING, java.util.OptionalDouble.empty(),
                Optional.empty())));

        ScriptedRunner again = new ScriptedRunner(clock);
        SweepRunner.Outcome outcome = new SweepRunner(again, recording(new ArrayList<>()), clock::get).run(planned, folder);

        assertThat(again.ran).isEmpty();
        assertThat(outcome.ranNow()).isZero();
        assertThat(outcome.index().doneCount()).isEqualTo(6);
    }

    @Test
    void run_again_aPartialFolderWithoutItsRecord_isRunAgain() throws Exception {
        AtomicLong clock = new AtomicLong();
        SweepRunner.Planned planned = plan(SPEC);
        SweepFolder folder = new SweepFolder(dir);
        new SweepRunner(new ScriptedRunner(clock), recording(new ArrayList<>()), clock::get).run(planned, folder);
        // Killed before its record: JMH's files may be whole or not, nothing says the run finished.
        String crashed = planned.runs().get(1).key();
        SweepFolder.deleteTree(folder.runFolder(crashed));
        Files.writeString(folder.newPartialFolder(crashed).resolve("jmh.json"), "[]");

        ScriptedRunner again = new ScriptedRunner(clock);
        new SweepRunner(again, recording(new ArrayList<>()), clock::get).run(planned, folder);

        assertThat(again.ran).containsExactly(planned.runs().get(1).configuration().id());
    }

    @Test
    void run_changedSpec_isRefusedBeforeAnythingRuns() throws Exception {
        AtomicLong clock = new AtomicLong();
        new SweepRunner(new ScriptedRunner(clock), recording(new ArrayList<>()), clock::get).run(plan(SPEC), new SweepFolder(dir));
        ScriptedRunner runner = new ScriptedRunner(clock);
        assertThatThrownBy(() -> new SweepRunner(runner, recording(new ArrayList<>()), clock::get)
                .run(plan(SPEC.replace("'rounds': 2", "'rounds': 3")), new SweepFolder(dir)))
                .hasMessage(dir + " holds a sweep of a different spec (rounds: 2 -> 3); refusing to mix their results: run into a new --out"
                        + " folder, or restore the spec");
        assertThat(runner.ran).isEmpty();
    }

    @Test
    void run_runnerThrows_isAFailureWithItsMessage() throws Exception {
        AtomicLong clock = new AtomicLong();
        ConfigurationRunner throwing = (configuration, jmh, timeout, folder) -> {
            throw new IOException("disk full");
        };
        SweepRunner.Outcome outcome = new SweepRunner(throwing, recording(new ArrayList<>()), clock::get)
                .run(plan("{'axes': {'framework': 'fake', 'model': 'zero'}}"), new SweepFolder(dir));
        assertThat(outcome.failed()).singleElement().extracting(RunRecord::reason).isEqualTo(Optional.of("IOException: disk full"));
    }

    @Test
    void plan_previousTimings_correctEstimatesOnlyForTheSameJmhSettings() throws Exception {
        AtomicLong clock = new AtomicLong();
        SweepRunner.Outcome outcome = new SweepRunner(new ScriptedRunner(clock), recording(new ArrayList<>()), clock::get)
                .run(plan(SPEC), new SweepFolder(dir));
        SweepRunner.Planned same = SweepRunner.plan(parse(SPEC), SPEC, Shard.ALL, Optional.of(outcome.index()),
                spec -> Expansion.expand(spec, configuration -> { }));
        assertThat(same.estimate().fromTimings()).isTrue();
        assertThat(same.estimatedSeconds()).isEqualTo(6.0);
        String other = SPEC.replace("'rounds': 2", "'rounds': 2, 'jmh': {'measurementIterations': 50}");
        assertThat(SweepRunner.plan(parse(other), other, Shard.ALL, Optional.of(outcome.index()),
                spec -> Expansion.expand(spec, configuration -> { })).estimate().fromTimings()).isFalse();
    }

    @Test
    void run_whileAnotherSweepRunsInTheFolder_isRefused() throws Exception {
        AtomicLong clock = new AtomicLong();
        java.io.Closeable held = new SweepFolder(dir).lock();
        assertThatThrownBy(() -> new SweepRunner(new ScriptedRunner(clock), recording(new ArrayList<>()), clock::get)
                .run(plan(SPEC), new SweepFolder(dir)))
                .hasMessage(dir + ": another process is writing into this folder (" + dev.tokenbench.measure.FolderLock.thisProcess()
                        + "); wait for it, or run into another --out folder");
        held.close();
        assertThat(new SweepRunner(new ScriptedRunner(clock), recording(new ArrayList<>()), clock::get).run(plan(SPEC), new SweepFolder(dir))
                .ranNow()).isEqualTo(6);
    }

    private static SweepProgress recording(List<String> lines) {
        java.io.StringWriter text = new java.io.StringWriter();
        SweepProgress plain = SweepProgress.lines(new java.io.PrintWriter(text));
        return new SweepProgress() {
            @Override
            public void starting(Run run, int position, int total) {
            }

            @Override
            public void finished(Run run, RunRecord record, int position, int total, int failures, double remainingSeconds) {
                plain.finished(run, record, position, total, failures, remainingSeconds);
                lines.add(text.toString());
            }
        };
    }

    /** rounds 2^31 - 1 of a small grid: planning listed every run and ran the heap out. */
    @Test
    void plan_roundsTimesConfigurationsBeyondTheLimit_failsBeforePlanning() {
        assertThatThrownBy(() -> plan("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [1, 2, 4]}, 'rounds': 2147483647}"))
                .isInstanceOf(SweepSpecException.class)
                .hasMessageContaining("rounds: 2147483647 rounds of 3 configurations are more than the " + SweepRunner.MAX_RUNS
                        + " runs a sweep plans");
    }
}
