package dev.tokenbench.model;

import dev.tokenbench.model.tokenizer.BpeVocabulary;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LlamaCheckpointTest {

    @TempDir
    Path dir;

    /** A 2-layer untied config small enough to write by hand, with grouped-query attention. */
    static final LlamaConfig SMALL = new LlamaConfig(16, 32, 2, 4, 2, 1e-5, 10000, 64, 400, false, "float32", 1, 2,
            Optional.empty());

    /** Writes config, tokenizer and F32 weights with the given shapes (values = element index). */
    static Path folder(Path dir, LlamaConfig config, Map<String, long[]> shapes) throws IOException {
        config.write(dir.resolve("config.json"));
        BpeVocabulary.ofSize(config.vocabSize()).writeTokenizerJson(dir.resolve("tokenizer.json"));
        List<TensorInfo> tensors = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        shapes.forEach((name, shape) -> {
            TensorInfo info = new TensorInfo(name, DType.F32, shape);
            tensors.add(info);
            float[] data = new float[(int) info.elementCount()];
            for (int i = 0; i < data.length; i++) {
                data[i] = i;
            }
            values.add(data);
        });
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, values);
        return dir;
    }

    /**
     * Found while writing the ModelFilesFuzzTest#checkpoint target: the open listed every tensor the config claims
     * (9 x 2^31 names and shapes) before checking the first, and ran the heap out.
     */
    @Test
    @Timeout(10)
    void open_configClaimsMaxIntLayers_failsAtFirstMissingLayerWithoutListingTheRest() throws IOException {
        folder(dir, SMALL, LlamaTensors.expectedShapes(SMALL));
        LlamaConfig claimed = new LlamaConfig(16, 32, Integer.MAX_VALUE, 4, 2, 1e-5, 10000, 64, 400, false, "float32", 1, 2,
                Optional.empty());
        claimed.write(dir.resolve("config.json"));

        assertThatThrownBy(() -> LlamaCheckpoint.open(dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(dir.resolve("model.safetensors") + ": tensor model.layers.2.self_attn.q_proj.weight is missing,"
                        + " config.json expects [16, 16]; the weights do not belong to this config.json");
    }

    @Test
    void open_validFolder_exposesConfigTensorsAndTokenizer() throws IOException {
        folder(dir, SMALL, LlamaTensors.expectedShapes(SMALL));

        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(dir)) {
            assertThat(checkpoint.config()).isEqualTo(SMALL);
            assertThat(checkpoint.tensors().names()).hasSize(2 * 9 + 3);
            assertThat(checkpoint.tokenizerJson()).isEqualTo(dir.resolve("tokenizer.json"));
            assertThat(checkpoint.outputWeightName()).isEqualTo("lm_head.weight");
            try (HfTokenizer tokenizer = checkpoint.openTokenizer()) {
                assertThat(tokenizer.encode("")).containsExactly(1);
            }
        }
    }

    @Test
    void open_tiedConfigWithStoredLmHead_usesEmbedding() throws IOException {
        LlamaConfig tied = new LlamaConfig(16, 32, 2, 4, 2, 1e-5, 10000, 64, 400, true, "float32", 1, 2, Optional.empty());
        folder(dir, tied, LlamaTensors.expectedShapes(SMALL));

        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(dir)) {
            assertThat(checkpoint.outputWeightName()).isEqualTo("model.embed_tokens.weight");
        }
    }

    @Test
    void open_wrongShape_namesTensorFoundAndExpected() throws IOException {
        Map<String, long[]> shapes = LlamaTensors.expectedShapes(SMALL);
        shapes.put("model.layers.1.mlp.up_proj.weight", new long[] {16, 32});
        folder(dir, SMALL, shapes);

        assertThatThrownBy(() -> LlamaCheckpoint.open(dir)).isInstanceOf(ModelFormatException.class).hasMessage(
                dir.resolve("model.safetensors") + ": tensor model.layers.1.mlp.up_proj.weight has shape [16, 32], config.json expects [32, 16]");
    }

    @Test
    void open_missingTensor_namesTensorAndShape() throws IOException {
        Map<String, long[]> shapes = LlamaTensors.expectedShapes(SMALL);
        shapes.remove("model.layers.1.self_attn.k_proj.weight");
        folder(dir, SMALL, shapes);

        assertThatThrownBy(() -> LlamaCheckpoint.open(dir)).isInstanceOf(ModelFormatException.class).hasMessage(
                dir.resolve("model.safetensors") + ": tensor model.layers.1.self_attn.k_proj.weight is missing, config.json "
                        + "expects [8, 16]; the weights do not belong to this config.json");
    }

    @Test
    void open_missingFolder_saysHowToFix() {
        Path absent = dir.resolve("absent");

        assertThatThrownBy(() -> LlamaCheckpoint.open(absent)).isInstanceOf(ModelFormatException.class).hasMessage(absent
                + ": model folder not found; pass a folder holding config.json, model.safetensors and tokenizer.json, "
                + "or a preset name (tiny, small, base)");
    }

    @Test
    void open_missingConfig_saysHowToFix() {
        assertThatThrownBy(() -> LlamaCheckpoint.open(dir)).isInstanceOf(ModelFormatException.class).hasMessage(dir
                + ": no config.json; copy the Hugging Face config.json of the LlamaForCausalLM checkpoint into this folder");
    }

    @Test
    void open_missingWeights_saysHowToFix() throws IOException {
        SMALL.write(dir.resolve("config.json"));

        assertThatThrownBy(() -> LlamaCheckpoint.open(dir)).isInstanceOf(ModelFormatException.class).hasMessage(dir
                + ": no model.safetensors or model.safetensors.index.json; download the checkpoint's safetensors weights "
                + "(pytorch_model.bin is not supported)");
    }

    @Test
    void open_missingTokenizer_saysHowToFix() throws IOException {
        folder(dir, SMALL, LlamaTensors.expectedShapes(SMALL));
        Files.delete(dir.resolve("tokenizer.json"));

        assertThatThrownBy(() -> LlamaCheckpoint.open(dir)).isInstanceOf(ModelFormatException.class).hasMessage(dir
                + ": no tokenizer.json; download the checkpoint's tokenizer.json (tokenizer.model alone is not supported)");
    }
}
