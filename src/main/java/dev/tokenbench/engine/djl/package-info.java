/**
 * The {@code djl-pytorch} engine: a LLaMA-family decoder run by PyTorch through DJL (CPU, or CUDA where DJL finds it),
 * as a TorchScript module that libtorch compiles from source at engine open and runs one forward pass per call.
 *
 * <p>The model, read top-down: {@link dev.tokenbench.engine.djl.LlamaWeights} (the checkpoint's tensors, fused),
 * {@link dev.tokenbench.engine.djl.RotaryEmbedding}, {@link dev.tokenbench.engine.djl.KvCache}, and the forward pass
 * twice: {@code llama_decoder.py} (TorchScript source, a resource next to these classes) packed and run by
 * {@link dev.tokenbench.engine.djl.TorchScriptLlama}, which requests use, and
 * {@link dev.tokenbench.engine.djl.LlamaModel}, the same computation op by op over DJL {@code NDArray}s, which the
 * tests check against a plain-Java reference and against the TorchScript pass, and the step probe times it against.
 * Serving it: {@link dev.tokenbench.engine.djl.DjlPytorchEngine} (the
 * public engine and its builder) checks and encodes a request ({@code EncodedRequest}), runs it as a static batch
 * ({@code StaticBatch}) and answers agreement checks on their own path ({@code GreedyLogitsProbe}); {@code
 * PyTorchRuntime} loads PyTorch and sets its threads, {@code NativeTensors} sums the native memory held. Only
 * {@code DjlPytorchEngine} and its builder, and the provider, are public.
 *
 * <p>Native memory has one owner per lifetime: one manager holds the weights for the engine's life (copies, or
 * views of the memory-mapped checkpoint); the KV cache lives in a sub-manager of it and is kept for the next request
 * of the same shape ({@code ReusedKvCache}); sub-managers per request and per step hold the token ids and logits
 * (and, in the op-by-op pass, per half layer its temporaries), and libtorch frees the TorchScript pass's temporaries
 * as it goes, so memory stays flat over long prompts and decodes.
 */
package dev.tokenbench.engine.djl;
