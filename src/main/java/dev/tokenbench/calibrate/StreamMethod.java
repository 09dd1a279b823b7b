package dev.tokenbench.calibrate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An honest way to read a buffer far larger than the last-level cache once, front to back, and keep nothing of it
 * but a sum: each reaches a different share of what the memory system can stream, so the machine's bandwidth is the
 * best of them.
 */
public enum StreamMethod {
    /** PyTorch's {@code sum} of a float32 array, through DJL (its vectorised reduction, on PyTorch's intra-op threads). */
    PYTORCH_SUM("pytorch-sum"),
    /** Plain Java: 8-byte reads of a direct (off-heap) buffer into eight independent sums, one slice per thread. */
    JAVA_DIRECT_READ("java-direct-read"),
    /** Plain Java: a sum over a {@code long[]} on the heap, a loop the JIT compiles to vector instructions, one slice per thread. */
    JAVA_HEAP_READ("java-heap-read");

    private final String label;

    StreamMethod(String label) {
        this.label = label;
    }

    /** The name in JSON and tables. */
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static StreamMethod byLabel(String label) {
        for (StreamMethod method : values()) {
            if (method.label.equals(label)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown stream method '" + label + "'; known: "
                + Arrays.stream(values()).map(StreamMethod::label).collect(Collectors.joining(", ")));
    }
}
