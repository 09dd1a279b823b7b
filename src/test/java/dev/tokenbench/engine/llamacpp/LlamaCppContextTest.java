package dev.tokenbench.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.engine.EngineException;
import dev.tokenbench.model.gguf.GgufConverter;
import dev.tokenbench.model.gguf.GgufPrecision;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.TemporaryModelCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Native ownership: models and contexts are freed on close, so many fit one JVM, and no thread outlives them. */
@ExtendWith(TemporaryModelCache.class)
class LlamaCppContextTest {

    private static final int LOADS = 20;
    /** Sequences x positions of each context: a KV cache of 8192 cells (8 MiB at F16 on tiny) that a leak would keep. */
    private static final int SEQUENCES = 16;
    private static final int SEQUENCE_TOKENS = 512;

    @Test
    void openAndClose_twentyTimes_keepsResidentMemoryBounded_andLeavesNoNonDaemonThread() throws EngineException, IOException {
        Path gguf = GgufConverter.cached(ModelCache.defaultCache().resolve("tiny"), GgufPrecision.F32, ModelCache.defaultCache());
        Set<String> nonDaemonBefore = nonDaemonThreads();
        long footprint = 0;
        long afterSecond = 0;
        for (int i = 1; i <= LOADS; i++) {
            long before = residentBytes();
            try (LlamaCppContext llama = LlamaCppContext.open(gguf, 1, SEQUENCES, SEQUENCE_TOKENS, LlamaCppSettings.DEFAULT);
                 TokenBatch batch = new TokenBatch(SEQUENCES)) {
                for (int s = 0; s < SEQUENCES; s++) {
                    batch.add(1, 0, s, true);
                }
                llama.decode(batch);
                llama.argMax(0);
                footprint = Math.max(footprint, residentBytes() - before);
            }
            if (i == 2) {
                afterSecond = residentBytes();
            }
        }
        long growth = residentBytes() - afterSecond;
        // A leak of the model or the context would grow by about one footprint per load (18 after the second).
        assertThat(footprint).as("resident bytes of one open model and context").isGreaterThan(8L << 20);
        assertThat(growth).as("resident growth over loads 3..20 (one load holds %d bytes)", footprint).isLessThan(3 * footprint);
        assertThat(nonDaemonThreads()).isEqualTo(nonDaemonBefore);
    }

    private static Set<String> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isDaemon() && t.isAlive()).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /** VmRSS of this process. */
    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
