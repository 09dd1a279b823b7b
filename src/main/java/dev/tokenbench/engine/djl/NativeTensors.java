package dev.tokenbench.engine.djl;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.OptionalLong;

/**
 * Memory accounting of the native tensors a manager holds, its sub-managers' included. DJL has no CPU allocator
 * statistics, so this is a sum over the managed arrays.
 */
final class NativeTensors {

    private NativeTensors() {
    }

    /** Bytes of the arrays {@code manager} holds right now; empty when the manager does not list its arrays. */
    static OptionalLong bytes(NDManager manager) {
        if (!(manager instanceof BaseNDManager base)) {
            return OptionalLong.empty();
        }
        long bytes = 0;
        for (NDArray array : base.getManagedArrays()) {
            bytes += array.size() * array.getDataType().getNumOfBytes();
        }
        return OptionalLong.of(bytes);
    }

    /** Number of arrays {@code manager} holds right now; -1 when the manager does not list its arrays. */
    static int arrayCount(NDManager manager) {
        return manager instanceof BaseNDManager base ? base.getManagedArrays().size() : -1;
    }
}
