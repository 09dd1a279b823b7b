package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.tokenbench.model.LlamaConfig;

/**
 * Keys and values of every position seen so far, for every layer: preallocated once per request as
 * {@code [batch, kvHeads, capacity, headDim]} per layer, written in place one slice per step, read as views.
 * Preallocation beats concatenating per step by a wide margin at large batches (no copy of the whole cache
 * each step, no fragmentation).
 *
 * <p>Each row (sequence) has its own length: a row's positions {@code [0, length)} hold its keys; positions
 * beyond are zeros and must be masked by the reader. Owns its own manager; {@link #close()} frees it.
 */
final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;    // per layer: [batch, kvHeads, capacity, headDim]
    private final NDArray[] values;  // per layer: [batch, kvHeads, capacity, headDim]
    private final int capacity;

    private KvCache(NDManager manager, NDArray[] keys, NDArray[] values, int capacity) {
        this.manager = manager;
        this.keys = keys;
        this.values = values;
        this.capacity = capacity;
    }

    /** A zeroed cache for {@code batch} sequences of up to {@code capacity} positions, in a sub-manager of {@code parent}. */
    static KvCache allocate(NDManager parent, LlamaConfig config, int batch, int capacity) {
        NDManager manager = parent.newSubManager();
        int layers = config.numHiddenLayers();
        NDArray[] keys = new NDArray[layers];
        NDArray[] values = new NDArray[layers];
        Shape shape = new Shape(batch, config.numKeyValueHeads(), capacity, config.headDim());
        for (int layer = 0; layer < layers; layer++) {
            keys[layer] = manager.zeros(shape);
            values[layer] = manager.zeros(shape);
        }
        return new KvCache(manager, keys, values, capacity);
    }

    int capacity() {
        return capacity;
    }

    /** Bytes the cache holds: keys and values of every layer. */
    long byteCount() {
        return 2L * keys.length * keys[0].size() * Float.BYTES;
    }

    /**
     * Stores {@code k} and {@code v} ({@code [rows, kvHeads, seq, headDim]}) for rows {@code firstRow ..
     * firstRow + rows - 1}, row {@code r} at positions {@code startPositions[r] .. + seq - 1}.
     */
    void write(int layer, int firstRow, int[] startPositions, NDArray k, NDArray v) {
        int rows = startPositions.length;
        long seq = k.getShape().get(2);
        boolean sameStart = true;
        for (int start : startPositions) {
            sameStart &= start == startPositions[0];
        }
        if (sameStart) {
            NDIndex slots = new NDIndex().addSliceDim(firstRow, firstRow + rows).addAllDim()
                    .addSliceDim(startPositions[0], startPositions[0] + seq);
            keys[layer].set(slots, k);
            values[layer].set(slots, v);
            return;
        }
        for (int row = 0; row < rows; row++) {
            NDIndex source = new NDIndex().addSliceDim(row, row + 1);
            NDIndex slots = new NDIndex().addSliceDim(firstRow + row, firstRow + row + 1).addAllDim()
                    .addSliceDim(startPositions[row], startPositions[row] + seq);
            keys[layer].set(slots, k.get(source));
            values[layer].set(slots, v.get(source));
        }
    }

    /** View of the keys of rows {@code firstRow .. + rows - 1}, positions {@code [0, length)}: {@code [rows, kvHeads, length, headDim]}. */
    NDArray keys(NDManager viewManager, int layer, int firstRow, int rows, int length) {
        return keys[layer].get(viewManager, window(firstRow, rows, length));
    }

    /** View of the values, shaped like {@link #keys}. */
    NDArray values(NDManager viewManager, int layer, int firstRow, int rows, int length) {
        return values[layer].get(viewManager, window(firstRow, rows, length));
    }

    private static NDIndex window(int firstRow, int rows, int length) {
        return new NDIndex().addSliceDim(firstRow, firstRow + rows).addAllDim().addSliceDim(0, length);
    }

    @Override
    public void close() {
        manager.close();
    }
}
