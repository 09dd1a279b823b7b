package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.tokenbench.model.LlamaConfig;

/**
 * Keys and values of every position seen so far, for every layer: preallocated for a request shape (and kept for the
 * next request of the same shape), written in place
 * one slice per step, read as views. Preallocation beats concatenating per step by a wide margin at large batches
 * (no copy of the whole cache each step, no fragmentation). Keys are stored transposed,
 * {@code [batch, kvHeads, headDim, capacity]}, so that scores are a plain {@code q.matMul(keys)}, which PyTorch
 * runs faster than a product with a transposed view; values are {@code [batch, kvHeads, capacity, headDim]}.
 *
 * <p>Each row (sequence) has its own length: a row's positions {@code [0, length)} hold its keys; positions
 * beyond are zeros, or a previous request's values when the cache is reused, and are never read: views stop at
 * the length asked for, and rows shorter than it are masked by the reader. Owns its own manager; {@link #close()}
 * frees it.
 */
final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;    // per layer: [batch, kvHeads, headDim, capacity]
    private final NDArray[] values;  // per layer: [batch, kvHeads, capacity, headDim]
    private final int batch;
    private final int capacity;

    private KvCache(NDManager manager, NDArray[] keys, NDArray[] values, int batch, int capacity) {
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
        NDArray[] keys = new NDArray[layers];
        NDArray[] values = new NDArray[layers];
        Shape keysShape = new Shape(batch, config.numKeyValueHeads(), config.headDim(), capacity);
        Shape valuesShape = new Shape(batch, config.numKeyValueHeads(), capacity, config.headDim());
        for (int layer = 0; layer < layers; layer++) {
            keys[layer] = manager.zeros(keysShape);
            values[layer] = manager.zeros(valuesShape);
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

    /** Bytes the cache holds: keys and values of every layer. */
    long byteCount() {
        return 2L * keys.length * keys[0].size() * Float.BYTES;
    }

    /**
     * Stores keys {@code kT} ({@code [rows, kvHeads, headDim, seq]}) and values {@code v}
     * ({@code [rows, kvHeads, seq, headDim]}) for rows {@code firstRow .. firstRow + rows - 1}, row {@code r} at
     * positions {@code startPositions[r] .. + seq - 1}. Views are fine: they are copied.
     */
    void write(int layer, int firstRow, int[] startPositions, NDArray kT, NDArray v) {
        int rows = startPositions.length;
        long seq = v.getShape().get(2);
        boolean sameStart = true;
        for (int start : startPositions) {
            sameStart &= start == startPositions[0];
        }
        if (sameStart) {
            keys[layer].set(keySlots(firstRow, rows, startPositions[0], seq), kT);
            values[layer].set(valueSlots(firstRow, rows, startPositions[0], seq), v);
            return;
        }
        for (int row = 0; row < rows; row++) {
            NDIndex source = new NDIndex().addSliceDim(row, row + 1);
            keys[layer].set(keySlots(firstRow + row, 1, startPositions[row], seq), kT.get(source));
            values[layer].set(valueSlots(firstRow + row, 1, startPositions[row], seq), v.get(source));
        }
    }

    /** View of the keys of rows {@code firstRow .. + rows - 1}, positions {@code [0, length)}: {@code [rows, kvHeads, headDim, length]}. */
    NDArray keys(NDManager viewManager, int layer, int firstRow, int rows, int length) {
        return keys[layer].get(viewManager, keySlots(firstRow, rows, 0, length));
    }

    /** View of the values of the same rows and positions: {@code [rows, kvHeads, length, headDim]}. */
    NDArray values(NDManager viewManager, int layer, int firstRow, int rows, int length) {
        return values[layer].get(viewManager, valueSlots(firstRow, rows, 0, length));
    }

    private static NDIndex keySlots(int firstRow, int rows, long firstPosition, long positions) {
        return new NDIndex().addSliceDim(firstRow, firstRow + rows).addAllDim().addAllDim()
                .addSliceDim(firstPosition, firstPosition + positions);
    }

    private static NDIndex valueSlots(int firstRow, int rows, long firstPosition, long positions) {
        return new NDIndex().addSliceDim(firstRow, firstRow + rows).addAllDim()
                .addSliceDim(firstPosition, firstPosition + positions);
    }

    @Override
    public void close() {
        manager.close();
    }
}
