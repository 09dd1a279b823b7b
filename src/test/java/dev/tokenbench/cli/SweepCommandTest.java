package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    @TempDir
    Path dir;

    @Test
    void sweep_dryRun_printsConfigurationsShardsAndEstimates() {
        Cli outcome = Cli.execute("sweep", "benchmarks/sweeps/default.json", "--dry-run", "--shard", "2/4", "--out", dir.toString());
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out())
                .contains("Sweep default (benchmarks/sweeps/default.json, sha256:")
                .contains("52 configurations x 2 rounds = 104 runs; seeded order per round (seed 42); JMH -f 1 -wi 0 -i 3")
                .contains("Estimates are from the workload model (no previous timings).")
                .contains("generation-djl-pytorch-tiny-f32-b1-p32-n64-t1")
                .contains("shard 1/4: ", "shard 4/4: ", "<- this shard (*)")
                .contains("Folder: " + dir);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void sweep_httpOverheadSpec_dryRun_inProcessAndServedRowsOfDjlAndFake() {
        Cli outcome = Cli.execute("sweep", "benchmarks/sweeps/http-overhead.json", "--dry-run", "--out", dir.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("4 configurations x 5 rounds = 20 runs; seeded order per round (seed 42); JMH -f 1 -wi 0 -i 10")
                .contains("generation-djl-pytorch-tiny-f32-b1-p128-n64-t1", "generation-fake-zero-f32-b1-p128-n64-t1")
                .contains("serve")
                .contains("djl-pytorch");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void sweep_badSpec_isOneLineAndExitCode2() throws Exception {
        Path spec = dir.resolve("bad.json");
        Files.writeString(spec, "{\"axes\": {\"framework\": \"fake\", \"model\": \"zero\", \"batchSize\": \"1..32 x1\"}}");
        Cli outcome = Cli.execute("sweep", spec.toString(), "--dry-run");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("tokenbench sweep: " + spec + ": axes.batchSize: bad range '1..32 x1': factor must be at least 2"
                + System.lineSeparator());
    }

    @Test
    void sweep_badShardOrNoSpecOrNothingToResume_exitCode2() {
        assertThat(Cli.execute("sweep", "benchmarks/sweeps/smoke.json", "--shard", "5/4").err())
                .contains("--shard 5/4: write K/N with 1 <= K <= N");
        Cli noSpec = Cli.execute("sweep");
        assertThat(noSpec.exitCode()).isEqualTo(2);
        assertThat(noSpec.err()).contains("give a sweep file");
        Cli resume = Cli.execute("sweep", "benchmarks/sweeps/smoke.json", "--resume", "--out", dir.resolve("none").toString());
        assertThat(resume.exitCode()).isEqualTo(2);
        assertThat(resume.err()).contains("--resume: " + dir.resolve("none") + " holds no sweep (no index.json)");
    }

    @Test
    void sweepMerge_notASweep_exitCode2() {
        Cli outcome = Cli.execute("sweep", "merge", dir.toString(), "--out", dir.resolve("merged").toString());
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("tokenbench sweep merge: " + dir + ": not a sweep folder (no index.json)" + System.lineSeparator());
    }
}
