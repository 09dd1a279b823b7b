package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealShapedFixturesTest {

    @TempDir
    Path dir;

    private static void assertAllTensorsExact(LlamaCheckpoint checkpoint, DType dtype) throws IOException {
        LlamaConfig config = checkpoint.config();
        for (String name : LlamaTensors.expectedShapes(config).keySet()) {
            assertThat(checkpoint.tensors().info(name).dtype()).isEqualTo(dtype);
            float[] original = RealShapedFixtures.values(config, 5, name);
            FloatBuffer stored = checkpoint.tensors().floats(name);
            assertThat(stored.remaining()).isEqualTo(original.length);
            for (int i = 0; i < original.length; i++) {
                float expected = dtype == DType.BF16 ? HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(original[i]))
                        : HalfFloats.f16ToFloat(HalfFloats.floatToF16(original[i]));
                if (stored.get(i) != expected) {
                    throw new AssertionError(name + "[" + i + "] is " + stored.get(i) + ", expected " + expected);
                }
            }
        }
    }

    @Test
    void write_smolLm2ShapedBf16_loadsWithExactValues() throws IOException {
        RealShapedFixtures.write(dir, RealShapedFixtures.SMOLLM2_REDUCED, DType.BF16, 1, 5);

        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(dir)) {
            assertThat(checkpoint.config()).isEqualTo(RealShapedFixtures.SMOLLM2_REDUCED);
            assertThat(checkpoint.config().kvDim()).isEqualTo(192);
            assertThat(checkpoint.outputWeightName()).isEqualTo("model.embed_tokens.weight");
            assertThat(checkpoint.tensors().info("model.layers.1.self_attn.k_proj.weight").shape()).containsExactly(192, 576);
            assertAllTensorsExact(checkpoint, DType.BF16);
        }
    }

    @Test
    void write_sharded_loadsAsOneSource() throws IOException {
        RealShapedFixtures.write(dir, RealShapedFixtures.SMOLLM2_REDUCED, DType.F16, 3, 5);

        assertThat(dir.resolve("model-00003-of-00003.safetensors")).exists();
        assertThat(dir.resolve("model.safetensors")).doesNotExist();
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(dir)) {
            assertThat(checkpoint.tensors().names()).hasSize(2 * 9 + 2);
            assertAllTensorsExact(checkpoint, DType.F16);
        }
        ModelInfo info = LlamaCheckpoint.describe(dir);
        assertThat(info.dtypes()).containsExactly(DType.F16);
        try (var files = Files.list(dir)) {
            assertThat(info.bytesOnDisk()).isEqualTo(files.mapToLong(file -> file.toFile().length()).sum());
        }
    }
}
