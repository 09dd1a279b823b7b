/**
 * The {@code openai} framework: a client engine for any OpenAI-compatible streaming server (vLLM, TGI, llama.cpp's
 * server, {@code tokenbench serve}), with server-sent events parsed incrementally, token-level timing and every
 * fault of the connection or the stream turned into a one-line {@link dev.tokenbench.engine.EngineException}.
 */
package dev.tokenbench.engine.http;
