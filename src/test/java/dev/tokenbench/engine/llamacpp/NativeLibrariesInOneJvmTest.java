package dev.tokenbench.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenbench.model.KilledCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * llama.cpp's library and libtorch in one fresh JVM, llama.cpp first, as the main job's agreement check has them: the
 * library must not put its own copy of the C++ standard library into the global scope, or compiling djl-pytorch's
 * TorchScript decoder afterwards aborts the JVM ({@code free(): invalid pointer}, exit 134). A child JVM, because a test
 * JVM that loaded libtorch first would not show it.
 */
class NativeLibrariesInOneJvmTest {

    @TempDir
    Path home;

    @Test
    void agreement_llamaCppLoadedBeforeTheTorchScriptDecoder_runsToTheEnd() throws Exception {
        Path out = home.resolve("agreement.json");

        KilledCommand.Result result = KilledCommand.run(home, "agreement", "--model", "tiny", "--framework", "llama.cpp",
                "--prompt-tokens", "16", "--new-tokens", "8", "--out", out.toString());

        assertThat(result.exitCode()).as(result.standardError()).isZero();
        JsonNode rows = new ObjectMapper().readTree(out.toFile());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("framework").asText()).isEqualTo("llama.cpp");
        assertThat(rows.get(0).get("totalTokens").asInt()).isEqualTo(8);
        assertThat(rows.get(0).get("matchingTokens").asInt()).isEqualTo(8);
    }
}
