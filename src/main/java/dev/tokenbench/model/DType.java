package dev.tokenbench.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Element types tokenbench reads from checkpoints, with their safetensors names and sizes. */
public enum DType {
    F32("F32", 4),
    F16("F16", 2),
    BF16("BF16", 2);

    private final String safetensorsName;
    private final int bytesPerElement;

    DType(String safetensorsName, int bytesPerElement) {
        this.safetensorsName = safetensorsName;
        this.bytesPerElement = bytesPerElement;
    }

    /** The name used in safetensors headers, e.g. {@code BF16}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** The dtype a safetensors header names, e.g. {@code BF16}; empty for a dtype tokenbench does not read. */
    public static Optional<DType> fromSafetensorsName(String name) {
        return Arrays.stream(values()).filter(dtype -> dtype.safetensorsName.equals(name)).findFirst();
    }

    /** The supported safetensors names for error messages: {@code F32, F16, BF16}. */
    public static String supportedSafetensorsNames() {
        return Arrays.stream(values()).map(DType::safetensorsName).collect(Collectors.joining(", "));
    }
}
