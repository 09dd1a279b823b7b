package dev.tokenbench.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.model.TemporaryModelCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The process side of llama.cpp: a JVM that used it ends by itself, and llama.cpp's log stays off stderr. */
@ExtendWith(TemporaryModelCache.class)
class NativeRuntimeTest {

    @Test
    void jvmThatUsedLlamaCpp_exitsWhenMainReturns_withNothingOnStderr(@TempDir Path dir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path stdout = dir.resolve("stdout");
        Path stderr = dir.resolve("stderr");
        Process process = new ProcessBuilder(java, "-Xmx512m", "-Dtokenbench.home=" + System.getProperty("tokenbench.home"),
                "-cp", System.getProperty("java.class.path"), NativeRuntimeTest.class.getName())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("the JVM ended by itself after main returned").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(stdout, StandardCharsets.UTF_8)).contains("generated 8 tokens");
        assertThat(Files.readString(stderr, StandardCharsets.UTF_8)).isEmpty();
    }

    /** The child JVM: loads tiny into llama.cpp, generates, closes, and returns from main without System.exit. */
    public static void main(String[] args) throws EngineException {
        try (Engine engine = EngineRegistry.open(LlamaCppEngine.FRAMEWORK, EngineOptions.builder().setModel("tiny")
                .optMaxSequenceTokens(24).build())) {
            int[] count = {0};
            engine.generate(new GenerationRequest(List.of(engine.promptOfTokens(16)), 8), (s, t, n) -> count[0]++);
            System.out.println("generated " + count[0] + " tokens");
        }
    }
}
