package dev.tokenbench.sweep;

import static dev.tokenbench.sweep.SweepSpecParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepMergeTest {

    private static final String SPEC = "{'axes': {'framework': ['fake'], 'model': ['zero', 'paced'], 'batchSize': [1, 2, 4]}}";

    @TempDir
    Path dir;

    private Path runShard(String json, Shard shard, String name) throws Exception {
        AtomicLong clock = new AtomicLong();
        SweepRunner.Planned planned = SweepRunner.plan(parse(json), json, shard, Optional.empty(), spec -> Expansion.expand(spec, c -> { }));
        Path folder = dir.resolve(name);
        new SweepRunner(new SweepRunnerTest.ScriptedRunner(clock), SweepProgress.lines(new java.io.PrintWriter(Writer.nullWriter())), clock::get)
                .run(planned, new SweepFolder(folder));
        return folder;
    }

    private static final class Writer {
        static java.io.Writer nullWriter() {
            return java.io.Writer.nullWriter();
        }
    }

    @Test
    void merge_shards_equalTheUnshardedConfigurations() throws Exception {
        Path whole = runShard(SPEC, Shard.ALL, "whole");
        Path a = runShard(SPEC, new Shard(1, 3), "a");
        Path b = runShard(SPEC, new Shard(2, 3), "b");
        Path c = runShard(SPEC, new Shard(3, 3), "c");
        SweepMerge.Merged merged = SweepMerge.merge(java.util.List.of(a, b, c), dir.resolve("merged"));
        SweepIndex expected = new SweepFolder(whole).readIndex().orElseThrow();
        assertThat(merged.missingShards()).isEmpty();
        assertThat(merged.index().specHash()).isEqualTo(expected.specHash());
        assertThat(merged.index().configurations().keySet()).containsExactlyInAnyOrderElementsOf(expected.configurations().keySet());
        Set<String> runKeys = new HashSet<>();
        merged.index().runs().forEach(run -> runKeys.add(run.key()));
        Set<String> expectedKeys = new HashSet<>();
        expected.runs().forEach(run -> expectedKeys.add(run.key()));
        assertThat(runKeys).isEqualTo(expectedKeys);
        for (String key : runKeys) {
            assertThat(dir.resolve("merged/runs").resolve(key).resolve("jmh.json")).exists();
        }
        assertThat(new SweepFolder(dir.resolve("merged")).readIndex().orElseThrow().shards())
                .containsExactly(new Shard(1, 3), new Shard(2, 3), new Shard(3, 3));
    }

    @Test
    void merge_missingShard_isNamed() throws Exception {
        Path a = runShard(SPEC, new Shard(1, 2), "a");
        assertThat(SweepMerge.merge(java.util.List.of(a), dir.resolve("merged")).missingShards()).containsExactly(new Shard(2, 2));
    }

    @Test
    void merge_differentSpecs_refusedNamingTheDifference() throws Exception {
        Path a = runShard(SPEC, new Shard(1, 2), "a");
        Path b = runShard(SPEC.replace("[1, 2, 4]", "[1, 2]"), new Shard(2, 2), "b");
        assertThatThrownBy(() -> SweepMerge.merge(java.util.List.of(a, b), dir.resolve("merged")))
                .hasMessage(b + ": a sweep of a different spec than " + a + " (axes.batchSize: [1,2,4] -> [1,2]); refusing to merge them");
        assertThat(dir.resolve("merged")).doesNotExist();
    }

    @Test
    void merge_overlappingShards_refused() throws Exception {
        Path a = runShard(SPEC, new Shard(1, 2), "a");
        Path whole = runShard(SPEC, Shard.ALL, "whole");
        assertThatThrownBy(() -> SweepMerge.merge(java.util.List.of(a, whole), dir.resolve("merged")))
                .hasMessageStartingWith("configuration ").hasMessageEndingWith("; refusing to merge overlapping shards");
    }

    @Test
    void merge_intoANonEmptyFolderOrFromANonSweep_refused() throws Exception {
        Path a = runShard(SPEC, new Shard(1, 2), "a");
        Files.createDirectories(dir.resolve("full"));
        Files.writeString(dir.resolve("full/x"), "x");
        assertThatThrownBy(() -> SweepMerge.merge(java.util.List.of(a), dir.resolve("full")))
                .hasMessage(dir.resolve("full") + ": exists and is not an empty folder; merge into a new --out folder");
        assertThatThrownBy(() -> SweepMerge.merge(java.util.List.of(dir.resolve("full")), dir.resolve("m")))
                .hasMessage(dir.resolve("full") + ": not a sweep folder (no index.json)");
    }
}
