package dev.tokenbench.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.model.HalfFloats;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.ModelPreset;
import dev.tokenbench.model.TemporaryModelCache;
import dev.tokenbench.model.gguf.GgmlType;
import dev.tokenbench.model.gguf.GgufConverter;
import dev.tokenbench.model.gguf.GgufFile;
import dev.tokenbench.model.gguf.GgufPrecision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * llama.cpp's weight products through ggml: the matrices are those of the GGUF {@code model convert} writes, and the
 * graph computes the products (checked against the same products done in Java on the weights ggml holds).
 */
@ExtendWith(TemporaryModelCache.class)
class GgmlProductsTest {

    private static final LlamaConfig TINY = ModelPreset.TINY.config();

    @Test
    void matrices_tinyF32_everyLayerMatrixAndTheUntiedHead() {
        List<GgmlProducts.Matrix> matrices = GgmlProducts.matrices(TINY, GgufPrecision.F32);

        assertThat(matrices).hasSize(4 * 7 + 1);
        assertThat(matrices.get(1)).isEqualTo(new GgmlProducts.Matrix("blk.0.attn_k.weight", 64, 128, GgmlType.F32));
        assertThat(matrices.get(6)).isEqualTo(new GgmlProducts.Matrix("blk.0.ffn_down.weight", 128, 384, GgmlType.F32));
        assertThat(matrices.get(28)).isEqualTo(new GgmlProducts.Matrix("output.weight", 2048, 128, GgmlType.F32));
        // docs/metrics.md's worked example: W = 4194304 bytes at F32
        assertThat(matrices.stream().mapToLong(GgmlProducts.Matrix::bytes).sum()).isEqualTo(4_194_304);
        assertThat(matrices.stream().mapToLong(GgmlProducts.Matrix::elements).sum()).isEqualTo(1_048_576);
    }

    /** Every matrix has the name, ggml dimensions, type and bytes of the GGUF tensor llama.cpp loads. */
    @ParameterizedTest
    @EnumSource(GgufPrecision.class)
    void matrices_everyPrecision_matchTheConvertedGguf(GgufPrecision precision, @TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny");
        ModelCache.generateInto(ModelPreset.TINY, ModelCache.DEFAULT_SEED, model);
        Path gguf = dir.resolve("tiny.gguf");
        GgufConverter.convert(model, precision, gguf);

        try (GgufFile file = GgufFile.open(gguf)) {
            for (GgmlProducts.Matrix matrix : GgmlProducts.matrices(TINY, precision)) {
                GgufFile.Tensor tensor = file.tensor(matrix.name());
                assertThat(tensor.type()).as(matrix.name()).isEqualTo(matrix.type());
                assertThat(tensor.dims()).as(matrix.name()).containsExactly(matrix.columns(), matrix.rows());
                assertThat(tensor.byteCount()).as(matrix.name()).isEqualTo(matrix.bytes());
            }
        }
    }

    @Test
    void matrices_tiedHead_isTheEmbedding() {
        List<GgmlProducts.Matrix> matrices = GgmlProducts.matrices(ModelPreset.SMALL.config(), GgufPrecision.Q8_0);
        assertThat(matrices.get(matrices.size() - 1)).isEqualTo(new GgmlProducts.Matrix("token_embd.weight", 32000, 288, GgmlType.Q8_0));
    }

    /** Each product's every value against the same dot product in Java, on the weights and activations ggml holds. */
    @ParameterizedTest
    @EnumSource(GgufPrecision.class)
    void compute_threeTokensOneAndTwoThreads_productsOfTheWeightsHeld(GgufPrecision precision) {
        try (GgmlProducts products = GgmlProducts.allocate(TINY, precision); GgmlProducts.Step step = products.step(3)) {
            assertThat(step.nodes()).isEqualTo(29);
            step.compute(1);
            for (int index : new int[] {0, 6, 28}) {
                GgmlProducts.Matrix matrix = products.matrices().get(index);
                float[] weights = decode(step.weightBytes(index), matrix.type());
                float[] activations = step.activations(index);
                float[] result = step.result(index);
                int rows = (int) matrix.rows();
                int columns = (int) matrix.columns();
                assertThat(result).hasSize(rows * 3);
                // F16 and Q8_0 products convert the activations to the weight's dot-product type first
                double tolerance = switch (precision) {
                    case F32 -> 1e-5;
                    case F16 -> 2e-3;
                    case Q8_0 -> 2e-2;
                };
                for (int token = 0; token < 3; token++) {
                    for (int row = 0; row < rows; row++) {
                        double dot = 0;
                        double magnitude = 0;
                        for (int k = 0; k < columns; k++) {
                            dot += (double) weights[row * columns + k] * activations[token * columns + k];
                            magnitude += Math.abs((double) weights[row * columns + k] * activations[token * columns + k]);
                        }
                        assertThat((double) result[token * rows + row]).as("%s row %d token %d", matrix.name(), row, token)
                                .isCloseTo(dot, org.assertj.core.api.Assertions.within(tolerance * magnitude + 1e-6));
                    }
                }
            }
            float[] oneThread = step.result(28);
            step.compute(2);
            assertThat(step.result(28)).containsExactly(oneThread);
        }
    }

    @Test
    void allocate_q8_0_everyBlockScaleFiniteAndNormal() {
        try (GgmlProducts products = GgmlProducts.allocate(TINY, GgufPrecision.Q8_0); GgmlProducts.Step step = products.step(1)) {
            ByteBuffer bytes = ByteBuffer.wrap(step.weightBytes(4)).order(ByteOrder.LITTLE_ENDIAN);
            // ffn_gate of layer 0: 384 rows of 128 / 32 blocks of 34 bytes
            assertThat(bytes.capacity()).isEqualTo(384 * (128 / 32) * 34);
            for (int block = 0; block < bytes.capacity() / 34; block++) {
                float scale = HalfFloats.f16ToFloat(bytes.getShort(block * 34));
                assertThat(Float.isFinite(scale) && Math.abs(scale) >= 0x1p-14f).as("scale of block %d: %s", block, scale).isTrue();
            }
        }
    }

    @Test
    void stepAndClose_badTokensClosedStepsAndReverseFree_refusedOrFreedOnce() {
        GgmlProducts products = GgmlProducts.allocate(TINY, GgufPrecision.F32);
        assertThatThrownBy(() -> products.step(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("tokens must be >= 1, was 0");
        GgmlProducts.Step first = products.step(1);
        GgmlProducts.Step second = products.step(2);
        second.close();
        assertThatThrownBy(() -> second.compute(1)).isInstanceOf(IllegalStateException.class);
        products.close();
        assertThatThrownBy(() -> first.compute(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> products.step(1)).isInstanceOf(IllegalStateException.class);
        products.close();
    }

    /** A ggml tensor's bytes as floats, row after row (F32, F16, Q8_0). */
    private static float[] decode(byte[] data, GgmlType type) {
        ByteBuffer bytes = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        return switch (type) {
            case F32 -> {
                float[] out = new float[data.length / 4];
                bytes.asFloatBuffer().get(out);
                yield out;
            }
            case F16 -> {
                float[] out = new float[data.length / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.f16ToFloat(bytes.getShort());
                }
                yield out;
            }
            case Q8_0 -> {
                float[] out = new float[data.length / 34 * 32];
                for (int block = 0; block < out.length / 32; block++) {
                    float scale = HalfFloats.f16ToFloat(bytes.getShort());
                    for (int j = 0; j < 32; j++) {
                        out[block * 32 + j] = scale * bytes.get();
                    }
                }
                yield out;
            }
            default -> throw new IllegalArgumentException(type.toString());
        };
    }
}
