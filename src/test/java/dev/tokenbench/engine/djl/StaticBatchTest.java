package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The Java-side greedy choice over a step's logits; the batches themselves are tested through the engine. */
class StaticBatchTest {

    private static final float NAN = Float.NaN;

    @Test
    void greedyTokens_perRow_firstLargestOnTies_firstNaNAsPyTorchsArgmax() {
        float[] logits = {
            0.5f, 2f, -1f, 2f, 1f,        // tie: the first
            -3f, -2f, -1f, -4f, -5f,      // all negative
            1f, NAN, 9f, NAN, 0f,         // NaN counts as the largest: the first NaN
            7f, 1f, 1f, 1f, 1f,           // the first element
            0f, 0f, 0f, 0f, 0.25f};       // the last element
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray array = manager.create(logits, new Shape(5, 5));
            assertThat(StaticBatch.greedyTokens(array)).containsExactly(1, 2, 1, 0, 4);
            assertThat(StaticBatch.greedyTokens(array)).containsExactly(array.argMax(1).toLongArray());
        }
    }

    @Test
    void greedyTokens_transposedView_readsTheLogicalRows() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            // [vocab 3, rows 2] transposed to [rows 2, vocab 3]: row 0 = {1, 5, 2}, row 1 = {4, 0, 3}
            NDArray columns = manager.create(new float[] {1f, 4f, 5f, 0f, 2f, 3f}, new Shape(3, 2));
            assertThat(StaticBatch.greedyTokens(columns.transpose())).containsExactly(1, 0);
        }
    }
}
