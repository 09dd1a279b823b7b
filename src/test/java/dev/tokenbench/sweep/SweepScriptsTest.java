package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code scripts/sweep.sh} takes its shard from arguments or CI variables; the examples name the shard variable. */
class SweepScriptsTest {

    private static String sweepSh(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/sweep.sh"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().keySet().removeIf(name -> name.startsWith("SHARD_") || name.startsWith("CI_NODE_") || name.startsWith("SWEEP_")
                || name.equals("JOB_COMPLETION_INDEX"));
        builder.environment().put("SWEEP_CMD", "echo");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + " " + out;
    }

    @Test
    void sweepSh_shardFromArgumentsOrEachKindOfCiVariable() throws Exception {
        assertThat(sweepSh(Map.of(), "benchmarks/sweeps/smoke.json"))
                .isEqualTo("0 sweep benchmarks/sweeps/smoke.json --shard 1/1 --out results/sweeps/smoke-shard-1-of-1");
        assertThat(sweepSh(Map.of(), "benchmarks/sweeps/smoke.json", "3", "5", "--resume"))
                .isEqualTo("0 sweep benchmarks/sweeps/smoke.json --shard 3/5 --out results/sweeps/smoke-shard-3-of-5 --resume");
        assertThat(sweepSh(Map.of("JOB_COMPLETION_INDEX", "0", "SHARD_COUNT", "4", "SWEEP_RESULTS", "/results"), "x/default.json"))
                .isEqualTo("0 sweep x/default.json --shard 1/4 --out /results/default-shard-1-of-4");
        assertThat(sweepSh(Map.of("CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "2"), "default.json", "--dry-run"))
                .isEqualTo("0 sweep default.json --shard 2/2 --out results/sweeps/default-shard-2-of-2 --dry-run");
        assertThat(sweepSh(Map.of("SHARD_INDEX", "2", "SHARD_COUNT", "3", "SWEEP_OUT", "out"), "default.json"))
                .isEqualTo("0 sweep default.json --shard 2/3 --out out");
        assertThat(sweepSh(Map.of("JOB_COMPLETION_INDEX", "0"), "default.json")).startsWith("1 ");
        assertThat(sweepSh(Map.of())).startsWith("2 ");
    }

    @Test
    void examples_nameTheShardVariableAndMerge() throws IOException {
        String github = Files.readString(Path.of("scripts/examples/github-actions-sweep.yml"));
        assertThat(github).contains("matrix:", "SHARD_INDEX: ${{ matrix.shard }}", "SHARD_COUNT:", "scripts/sweep.sh", "upload-artifact",
                "sweep merge", "report sweep");
        String kubernetes = Files.readString(Path.of("scripts/examples/kubernetes-sweep-job.yaml"));
        assertThat(kubernetes).contains("kind: Job", "completionMode: Indexed", "JOB_COMPLETION_INDEX", "name: SHARD_COUNT",
                "scripts/sweep.sh", "sweep merge", "persistentVolumeClaim");
        for (String text : List.of(github, kubernetes)) {
            assertThat(text).doesNotContain("\t");
        }
    }
}
