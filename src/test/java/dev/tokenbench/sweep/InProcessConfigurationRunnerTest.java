package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.jmh.EngineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessConfigurationRunnerTest {

    /** Small, quick forks: no setup warm-up time beyond the first request. */
    private static final List<String> QUICK_FORKS = List.of("-jvmArgsAppend",
            "-Xmx128m -XX:TieredStopAtLevel=1 -D" + EngineState.WARMUP_MILLIS_PROPERTY + "=0");

    @TempDir
    Path dir;

    private static Configuration fake(String schedule) {
        return new Configuration(SweepBenchmark.GENERATION, "fake", schedule, "f32", 1, 4, 2, 1);
    }

    @Test
    void run_aForkHangs_isKilledAtTheTimeoutWithItsReason_andTheNextRunStillRuns() throws Exception {
        // The hanging schedule's prefill takes an hour: its fork never finishes its setup warm-up on its own.
        Configuration hanging = fake("timing:3600s/0ns/0ns");
        JmhSettings oneRequest = new JmhSettings(1, 0, 1, OptionalLong.empty());
        InProcessConfigurationRunner runner = new InProcessConfigurationRunner(QUICK_FORKS);
        Set<Long> childrenBefore = children();

        Optional<String> reason = runner.run(hanging, oneRequest, Duration.ofSeconds(3), Files.createDirectories(dir.resolve("hung")));

        assertThat(reason).hasValue("timed out after 3s (the run's timeout); its fork was killed; its output is in output.log");
        // nothing the hung run started is left running
        assertThat(children()).isSubsetOf(childrenBefore);
        // the JMH run of the killed fork has ended, so the next configuration runs (a timeout far beyond its few seconds)
        Path next = Files.createDirectories(dir.resolve("next"));
        assertThat(runner.run(fake("zero"), oneRequest, Duration.ofMinutes(10), next)).isEmpty();
        assertThat(next.resolve("jmh.json")).isNotEmptyFile();
    }

    private static RunRecord record(SweepRunner.Outcome outcome, Configuration configuration) {
        Optional<RunRecord> found = outcome.index().runs().stream().filter(r -> r.key().equals(configuration.id() + "/round-1")).findFirst();
        return found.orElseThrow();
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
