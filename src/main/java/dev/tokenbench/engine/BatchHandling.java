package dev.tokenbench.engine;

/** How an engine serves the several prompts of one request. */
public enum BatchHandling {
    /** All sequences advance together, one forward pass per step over the whole batch (DJL PyTorch, llama.cpp). */
    STATIC_BATCH,
    /** Each sequence has its own slot served from its own thread; the engine may batch slots together (a server's slots). */
    PARALLEL_SLOTS,
    /** One sequence after another. */
    SEQUENTIAL
}
