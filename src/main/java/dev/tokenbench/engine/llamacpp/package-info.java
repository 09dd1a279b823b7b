/**
 * The {@code llama.cpp} engine: java-llama.cpp (llama.cpp's server loop over JNI) on a GGUF that tokenbench's
 * converter writes from the same weights the other engines read, fed the same prompt token ids.
 */
package dev.tokenbench.engine.llamacpp;
