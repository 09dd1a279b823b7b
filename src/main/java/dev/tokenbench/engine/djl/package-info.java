/**
 * The {@code djl-pytorch} engine: a LLaMA-family decoder written over DJL {@code NDArray}s and run eagerly by
 * PyTorch (CPU, or CUDA where DJL finds it).
 *
 * <p>The model, read top-down: {@link dev.tokenbench.engine.djl.LlamaWeights} (the checkpoint's tensors, fused),
 * {@link dev.tokenbench.engine.djl.RotaryEmbedding}, {@link dev.tokenbench.engine.djl.KvCache} and the forward pass
 * {@link dev.tokenbench.engine.djl.LlamaModel}. Serving it: {@link dev.tokenbench.engine.djl.DjlPytorchEngine} (the
 * public engine and its builder) checks and encodes a request ({@code EncodedRequest}), runs it as a static batch
 * ({@code StaticBatch}) and answers agreement checks on their own path ({@code GreedyLogitsProbe}); {@code
 * PyTorchRuntime} loads PyTorch and sets its threads, {@code NativeTensors} sums the native memory held. Only
 * {@code DjlPytorchEngine} and its builder, and the provider, are public.
 *
 * <p>Native memory has one owner per lifetime: one manager holds the weights for the engine's life (copies, or
 * views of the memory-mapped checkpoint); the KV cache lives in a sub-manager of it and is kept for the next request
 * of the same shape ({@code ReusedKvCache}); sub-managers per request, per step and per half layer hold
 * temporaries, so memory stays flat over long prompts and decodes.
 */
package dev.tokenbench.engine.djl;
