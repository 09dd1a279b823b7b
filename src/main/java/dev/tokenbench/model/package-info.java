/**
 * Models: LLaMA-family checkpoints in Hugging Face layout and the seeded presets tokenbench generates.
 *
 * <p>This package owns {@code config.json} ({@link dev.tokenbench.model.LlamaConfig}), memory-mapped safetensors
 * files, single or sharded ({@link dev.tokenbench.model.TensorSource}), the checkpoint folder loader
 * ({@link dev.tokenbench.model.LlamaCheckpoint}), and the presets and their deterministic generation
 * ({@link dev.tokenbench.model.ModelPreset}, {@link dev.tokenbench.model.ModelCache}). GGUF files, for llama.cpp,
 * are in {@link dev.tokenbench.model.gguf}; tokenizers in {@link dev.tokenbench.model.tokenizer}. Every malformed
 * input ends in a one-line {@link dev.tokenbench.model.ModelFormatException} naming the file, what was found and
 * what was expected.
 */
package dev.tokenbench.model;
