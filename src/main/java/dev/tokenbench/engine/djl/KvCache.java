package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.tokenbench.model.LlamaConfig;

/**
 * Keys and values of every position seen so far, for every layer: preallocated for a request shape (and kept for the
 * next request of the same shape), written in place
 * one slice per step, read as views. Preallocation beats concatenating per step by a wide margin at large batches
 * (no copy of the whole cache each step, no fragmentation). Keys and values are both stored
 * positions-first, {@code [batch, kvHeads, capacity, headDim]}: the layout PyTorch's fused CPU attention
 * ({@code scaled_dot_product_attention}, which the TorchScript module calls) reads without a copy, as it needs the
 * last axis contiguous.
 *
 * <p>Each row (sequence) has its own length: a row's positions {@code [0, length)} hold its keys; positions
 * beyond are zeros, or a previous request's values when the cache is reused, and are never read: views stop at
 * the length asked for, and rows shorter than it are masked by the reader. Owns its own manager; {@link #close()}
 * frees it. Slices go straight to PyTorch's basic indexing ({@link JniUtils#index}, {@link JniUtils#indexSet}): the
 * same operations as {@code NDArray.get/set(NDIndex)}, without building and parsing an index for every call.
 */
final class KvCache implements AutoCloseable {

    private static final long[] UNIT_STEPS = {1, 1, 1, 1};

    private final NDManager manager;
    private final PtNDArray[] keys;    // per layer: [batch, kvHeads, capacity, headDim]
    private final PtNDArray[] values;  // per layer: [batch, kvHeads, capacity, headDim]
    private final int batch;
    private final int capacity;

    private KvCache(NDManager manager, PtNDArray[] keys, PtNDArray[] values, int batch, int capacity) {
        this.manager = manager;
        this.keys = keys;
        this.values = values;
        this.batch = batch;
        this.capacity = capacity;
    }

    /** A zeroed cache for {@code batch} sequences of up to {@code capacity} positions, in a sub-manager of {@code parent}. */
    static KvCache allocate(NDManager parent, LlamaConfig config, int batch, int capacity) {
        NDManager manager = parent.newSubManager();
        int layers = config.numHiddenLayers();
        PtNDArray[] keys = new PtNDArray[layers];
        PtNDArray[] values = new PtNDArray[layers];
        Shape shape = new Shape(batch, config.numKeyValueHeads(), capacity, config.headDim());
        for (int layer = 0; layer < layers; layer++) {
            keys[layer] = (PtNDArray) manager.zeros(shape);
            values[layer] = (PtNDArray) manager.zeros(shape);
        }
        return new KvCache(manager, keys, values, batch, capacity);
    }

    /** Rows (sequences) the cache holds. */
    int batch() {
        return batch;
    }

    int capacity() {
        return capacity;
    }

    /** Per layer, the keys {@code [batch, kvHeads, capacity, headDim]} (the arrays themselves, not copies). */
    PtNDArray[] keyLayers() {
        return keys.clone();
    }

    /** Per layer, the values {@code [batch, kvHeads, capacity, headDim]} (the arrays themselves, not copies). */
    PtNDArray[] valueLayers() {
        return values.clone();
    }

    /** Bytes the cache holds: keys and values of every layer. */
    long byteCount() {
        return 2L * keys.length * keys[0].size() * Float.BYTES;
    }

    /**
     * Stores keys {@code k} and values {@code v} (both {@code [rows, kvHeads, seq, headDim]}) for rows
     * {@code firstRow .. firstRow + rows - 1}, row {@code r} at positions {@code startPositions[r] .. + seq - 1}. Views
     * are fine: they are copied.
     */
    void write(int layer, int firstRow, int[] startPositions, NDArray k, NDArray v) {
        int rows = startPositions.length;
        long seq = v.getShape().get(2);
        boolean sameStart = true;
        for (int start : startPositions) {
            sameStart &= start == startPositions[0];
        }
        if (sameStart) {
            long[][] slots = slots(firstRow, rows, startPositions[0], seq);
            put(keys[layer], slots, k);
            put(values[layer], slots, v);
            return;
        }
        for (int row = 0; row < rows; row++) {
            try (NDArray kRow = JniUtils.slice((PtNDArray) k, 0, row, row + 1, 1);
                 NDArray vRow = JniUtils.slice((PtNDArray) v, 0, row, row + 1, 1)) {
                long[][] slots = slots(firstRow + row, 1, startPositions[row], seq);
                put(keys[layer], slots, kRow);
                put(values[layer], slots, vRow);
            }
        }
    }

    /** View of the keys of rows {@code firstRow .. + rows - 1}, positions {@code [0, length)}: {@code [rows, kvHeads, length, headDim]}. */
    NDArray keys(NDManager viewManager, int layer, int firstRow, int rows, int length) {
        return view(keys[layer], slots(firstRow, rows, 0, length), viewManager);
    }

    /** View of the values of the same rows and positions: {@code [rows, kvHeads, length, headDim]}. */
    NDArray values(NDManager viewManager, int layer, int firstRow, int rows, int length) {
        return view(values[layer], slots(firstRow, rows, 0, length), viewManager);
    }

    /** Slots {start, end} per axis of keys or values {@code [batch, kvHeads, capacity, headDim]}. */
    private long[][] slots(int firstRow, int rows, long firstPosition, long positions) {
        Shape shape = values[0].getShape();
        return new long[][] {{firstRow, 0, firstPosition, 0}, {firstRow + rows, shape.get(1), firstPosition + positions, shape.get(3)}};
    }

    private static void put(PtNDArray target, long[][] slots, NDArray source) {
        JniUtils.indexSet(target, (PtNDArray) source, slots[0], slots[1], UNIT_STEPS);
    }

    private static NDArray view(PtNDArray source, long[][] slots, NDManager viewManager) {
        return JniUtils.index(source, slots[0], slots[1], UNIT_STEPS, (PtNDManager) viewManager);
    }

    @Override
    public void close() {
        manager.close();
    }
}
