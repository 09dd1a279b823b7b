package dev.tokenbench.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Set;

/**
 * Named weight tensors of a checkpoint, as float32 views, whatever dtype they are stored in.
 *
 * <p>Implementations memory-map their files: opening is cheap and nothing is copied onto the Java heap.
 */
public interface TensorSource extends AutoCloseable {

    /** Tensor names in file order (Hugging Face names, e.g. {@code model.layers.0.self_attn.q_proj.weight}). */
    Set<String> names();

    /** Dtype and shape of a tensor; throws {@link ModelFormatException} naming the file if it is absent. */
    TensorInfo info(String name) throws ModelFormatException;

    /**
     * The tensor's values as float32 in row-major order, in a direct, native-order buffer. F32 tensors are
     * read-only views of the mapped file (never write to them); F16 and BF16 tensors are converted into a new
     * direct buffer.
     */
    FloatBuffer floats(String name) throws IOException;

    /**
     * The values of {@link #floats} as bytes (float32, native order, position 0, in a direct buffer), for native
     * code that wraps memory by address without copying, as DJL does. F32 tensors are read-only views of the
     * mapped file (valid as long as the buffer is reachable, even after {@link #close}); F16 and BF16 tensors are
     * converted into a new, writable buffer. The default copies {@link #floats} into a new, writable buffer.
     */
    default ByteBuffer floatBytes(String name) throws IOException {
        FloatBuffer values = floats(name);
        ByteBuffer bytes = ByteBuffer.allocateDirect(values.remaining() * Float.BYTES).order(ByteOrder.nativeOrder());
        bytes.asFloatBuffer().put(values.duplicate());
        return bytes;
    }

    @Override
    void close() throws IOException;
}
