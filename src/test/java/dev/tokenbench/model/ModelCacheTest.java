package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {

    @TempDir
    Path home;

    @Test
    void resolve_presetName_generatesOnceIntoVersionedFolder() throws IOException {
        ModelCache cache = new ModelCache(home);

        Path folder = cache.resolve("tiny");

        assertThat(folder).isEqualTo(home.resolve("models/tiny-seed42-v1"));
        assertThat(ModelGeneratorTest.sha256(folder.resolve("model.safetensors"))).isEqualTo(ModelGeneratorTest.TINY_SEED42_SHA256);
        long modified = Files.getLastModifiedTime(folder.resolve("model.safetensors")).toMillis();
        assertThat(cache.resolve("TINY")).isEqualTo(folder);
        assertThat(Files.getLastModifiedTime(folder.resolve("model.safetensors")).toMillis()).isEqualTo(modified);
        try (var entries = Files.list(home.resolve("models"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("tiny-seed42-v1",
                    ".tiny-seed42-v1.lock");
        }
    }

    @Test
    void resolve_concurrentRequests_allGetTheSameCompleteFolder() throws Exception {
        ModelCache cache = new ModelCache(home);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> cache.resolve("tiny", 7)));
            }
            for (Future<Path> result : results) {
                assertThat(result.get()).isEqualTo(home.resolve("models/tiny-seed7-v1"));
            }
        } finally {
            pool.shutdown();
        }
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(home.resolve("models/tiny-seed7-v1"))) {
            assertThat(checkpoint.config()).isEqualTo(ModelPreset.TINY.config());
        }
    }

    @Test
    void modelCreate_killedWhileWritingTheWeights_leavesNoModelAndTheNextRunRemovesTheLeftoverSayingSo() throws Exception {
        // A real kill: `model create` in a child JVM, SIGKILLed while model.safetensors holds only its first chunk.
        Path halfWritten = KilledCommand.killAfterFirstChunk(home, "model", "create", "--preset", "tiny");

        Path folder = home.resolve("models/tiny-seed42-v1");
        assertThat(folder).doesNotExist();
        Path leftover = home.resolve("models").relativize(halfWritten).getName(0);
        assertThat(leftover.toString()).startsWith(".tiny-seed42-v1.tmp-");
        assertThat(halfWritten).isRegularFile();
        assertThat(Files.size(halfWritten)).isPositive();

        KilledCommand.Result next = KilledCommand.run(home, "model", "create", "--preset", "tiny");

        assertThat(next.exitCode()).as(next.standardError()).isZero();
        assertThat(next.standardError()).isEqualTo("tokenbench: removed " + home.resolve("models").resolve(leftover)
                + ", left by a model generation that was interrupted; generating again\n");
        try (var entries = Files.list(home.resolve("models"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp"))).isEmpty();
        }
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(folder)) {
            assertThat(checkpoint.config()).isEqualTo(ModelPreset.TINY.config());
        }
        assertThat(KilledCommand.run(home, "model", "create", "--preset", "tiny")).isEqualTo(new KilledCommand.Result(0, ""));
    }

    @Test
    void resolve_existingFolder_isReturnedAsIs() throws IOException {
        Path user = Files.createDirectory(home.resolve("my-model"));

        assertThat(new ModelCache(home).resolve(user.toString())).isEqualTo(user);
    }

    @Test
    void resolve_unknownName_listsPresets() {
        assertThatThrownBy(() -> new ModelCache(home).resolve("huge")).isInstanceOf(ModelFormatException.class)
                .hasMessage("unknown model huge: not a preset (tiny, small, base) and no folder at "
                        + Path.of("huge").toAbsolutePath());
    }

    @Test
    void defaultCache_systemProperty_setsHome() {
        String previous = System.getProperty("tokenbench.home");
        System.setProperty("tokenbench.home", home.toString());
        try {
            assertThat(ModelCache.defaultCache().home()).isEqualTo(home);
        } finally {
            if (previous == null) {
                System.clearProperty("tokenbench.home");
            } else {
                System.setProperty("tokenbench.home", previous);
            }
        }
    }
}
