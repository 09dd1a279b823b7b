/**
 * The {@code djl-pytorch} engine: a LLaMA-family decoder written over DJL {@code NDArray}s and run eagerly by
 * PyTorch (CPU, or CUDA where DJL finds it).
 *
 * <p>Owns the model code (weights, rotary embeddings, KV cache, forward pass) and the {@link
 * dev.tokenbench.engine.Engine} that serves generation requests with it. Only {@link
 * dev.tokenbench.engine.djl.DjlPytorchEngine} and its builder are public.
 *
 * <p>Native memory has one owner per lifetime: one manager holds the weights for the engine's life (copies, or
 * views of the memory-mapped checkpoint), a sub-manager per request holds the KV cache, and sub-managers per step
 * and per half layer hold temporaries, so memory stays flat over long prompts and decodes.
 */
package dev.tokenbench.engine.djl;
