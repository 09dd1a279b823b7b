package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDManager;
import dev.tokenbench.model.LlamaConfig;

/**
 * The engine's one KV cache, kept from one request to the next of the same shape; a request of another shape frees it
 * and allocates one of its shape.
 *
 * <p>Reusing the memory across the requests of one workload keeps the native allocator from taking a fresh block per
 * request, which it would retain and so grow peak RSS from request to request. Only memory is reused, never state:
 * each row is written from position 0 before it is read, and reads never go past a row's own length (see
 * {@link KvCache}).
 */
final class ReusedKvCache implements AutoCloseable {

    private final NDManager parent;
    private final LlamaConfig config;
    private KvCache cache;

    /** Caches live in sub-managers of {@code parent} (the weights' manager). */
    ReusedKvCache(NDManager parent, LlamaConfig config) {
        this.parent = parent;
        this.config = config;
    }

    /** The cache for {@code batch} rows of {@code capacity} positions: the kept one when it has exactly that shape. */
    KvCache forShape(int batch, int capacity) {
        if (cache != null && cache.batch() == batch && cache.capacity() == capacity) {
            return cache;
        }
        close();
        cache = KvCache.allocate(parent, config, batch, capacity);
        return cache;
    }

    /** Frees the kept cache, if any. */
    @Override
    public void close() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }
}
