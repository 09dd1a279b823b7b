/**
 * The {@code llama.cpp} engine: llama.cpp's C API (the native library inside de.kherud:llama, bound with JNA),
 * driven as {@code llama-batched-bench} drives it, on a GGUF that tokenbench's converter writes from the same weights
 * the other engines read, fed the same prompt token ids; and {@link dev.tokenbench.engine.llamacpp.RawDecodeProbe},
 * the same calls without engine or harness, to measure what the engine costs.
 */
package dev.tokenbench.engine.llamacpp;
