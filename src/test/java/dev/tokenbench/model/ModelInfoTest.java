package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInfoTest {

    @TempDir
    Path dir;

    @Test
    void describe_folder_countsParametersBytesAndDtypes() throws IOException {
        LlamaCheckpointTest.folder(dir, LlamaCheckpointTest.SMALL, LlamaTensors.expectedShapes(LlamaCheckpointTest.SMALL));
        long bytes = Files.size(dir.resolve("config.json")) + Files.size(dir.resolve("tokenizer.json"))
                + Files.size(dir.resolve("model.safetensors"));

        ModelInfo info = LlamaCheckpoint.describe(dir);

        // embedding and lm_head 400 x 16 each; per layer q, o 16 x 16, k, v 8 x 16, gate, up, down 32 x 16, norms 2 x 16.
        long perLayer = 2 * 256 + 2 * 128 + 3 * 512 + 2 * 16;
        assertThat(info.parameterCount()).isEqualTo(2 * 6400 + 2 * perLayer + 16);
        assertThat(info.architecture()).isEqualTo("LlamaForCausalLM");
        assertThat(info.dtypes()).isEqualTo(Set.of(DType.F32));
        assertThat(info.bytesOnDisk()).isEqualTo(bytes);
        assertThat(info.tensors()).hasSize(21);
        assertThat(info.tensors().get(0)).isEqualTo(new TensorInfo("model.embed_tokens.weight", DType.F32, new long[] {400, 16}));
    }
}
