package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The packed product the forward pass and the calibration run: x times the packed weight, transposed. */
class PackedProductsTest {

    @Test
    void multiply_packedWeight_equalsTheDenseProductTransposed() {
        int out = 37;
        int in = 24;
        int tokens = 3;
        float[] w = new float[out * in];
        float[] x = new float[tokens * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = ((i * 7919) % 113 - 56) / 64f;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 104729) % 97 - 48) / 32f;
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             PackedProducts products = PackedProducts.compile(manager)) {
            NDArray weight = manager.create(w, new Shape(out, in));
            NDArray packed = products.pack(weight, manager);
            assertThat(packed.getShape()).isEqualTo(new Shape(out, in));
            float[] actual = products.multiply(manager.create(x, new Shape(tokens, in)), packed, manager).toFloatArray();
            assertThat(actual).hasSize(tokens * out);
            for (int t = 0; t < tokens; t++) {
                for (int o = 0; o < out; o++) {
                    double expected = 0;
                    for (int k = 0; k < in; k++) {
                        expected += (double) x[t * in + k] * w[o * in + k];
                    }
                    assertThat((double) actual[t * out + o]).as("token %d, output %d", t, o).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
                }
            }
            // the dense weight is left as it was
            assertThat(weight.toFloatArray()).containsExactly(w);
        }
    }
}
