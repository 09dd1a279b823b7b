package dev.tokenbench.model;

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
}
