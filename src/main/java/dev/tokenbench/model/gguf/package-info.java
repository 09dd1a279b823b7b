/**
 * GGUF, the file format llama.cpp reads: the reader ({@link dev.tokenbench.model.gguf.GgufFile}), the writer
 * ({@link dev.tokenbench.model.gguf.GgufWriter}), the converter from a Hugging Face checkpoint at F32, F16 or Q8_0
 * ({@link dev.tokenbench.model.gguf.GgufConverter}), the tensor and value types, and the vocabulary a GGUF carries
 * ({@link dev.tokenbench.model.gguf.GgufVocabulary}).
 */
package dev.tokenbench.model.gguf;
