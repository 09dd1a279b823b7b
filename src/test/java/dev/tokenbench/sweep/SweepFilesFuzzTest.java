package dev.tokenbench.sweep;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenbench.FuzzChecks;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fuzz targets of a sweep's files: the sweep spec as {@code sweep SPEC --dry-run} plans it (parse, expansion, shards,
 * rounds, the printed plan), and a sweep folder's {@code index.json} as resume and merge read it. The only outcomes are
 * a result or one {@link SweepSpecException} (spec) or {@link IllegalArgumentException} (index) line naming the file
 * (see {@link FuzzChecks}); seeds in {@code SweepFilesFuzzTestInputs/<target>/}.
 */
class SweepFilesFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void sweepSpec(byte[] input) throws Exception {
        Path file = FuzzChecks.write("sweep", "spec.json", input);
        FuzzChecks.parse(input.length, () -> {
            try {
                SweepRunner.Planned planned = SweepRunner.plan(file, Shard.ALL, Optional.empty());
                PlanText.render(planned);
            } catch (SweepSpecException e) {
                FuzzChecks.oneLineError(e, file.toString());
            }
        });
    }

    @FuzzTest(maxDuration = "20s")
    void sweepIndex(byte[] input) throws Exception {
        Path file = FuzzChecks.write("sweep-folder", "index.json", input);
        FuzzChecks.parse(input.length, () -> {
            try {
                Optional<SweepIndex> index = new SweepFolder(file.getParent()).readIndex();
                index.orElseThrow().measuredSeconds();
                index.orElseThrow().toJson();
            } catch (IllegalArgumentException e) {
                FuzzChecks.oneLineError(e, file.toString());
            }
        });
    }
}
