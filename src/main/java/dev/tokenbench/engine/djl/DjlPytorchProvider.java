package dev.tokenbench.engine.djl;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineProvider;
import dev.tokenbench.model.HfTokenizer;
import dev.tokenbench.model.LlamaCheckpoint;
import dev.tokenbench.model.ModelCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens {@code djl-pytorch} engines for the registry: resolves the model (a preset, generated into the cache on
 * first use, or a local Hugging Face folder), loads its weights and tokenizer, and bounds the engine by the
 * options' largest batch and sequence (capped at the model's {@code max_position_embeddings}; a request beyond it
 * fails with the engine's message naming prompt, new tokens and context).
 */
public final class DjlPytorchProvider implements EngineProvider {

    /** For {@link java.util.ServiceLoader}. */
    public DjlPytorchProvider() {
    }

    @Override
    public String framework() {
        return DjlPytorchEngine.FRAMEWORK;
    }

    @Override
    public List<String> precisions() {
        return List.of("f32");
    }

    @Override
    public Engine open(EngineOptions options) throws EngineException {
        Path folder;
        try {
            folder = ModelCache.defaultCache().resolve(options.model());
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(folder)) {
            int context = Math.min(options.maxSequenceTokens(), checkpoint.config().maxPositionEmbeddings());
            HfTokenizer tokenizer = checkpoint.openTokenizer();
            try {
                return DjlPytorchEngine.builder()
                        .setConfig(checkpoint.config())
                        .setTensors(checkpoint.tensors())
                        .setTokenizer(tokenizer)
                        .optOwnTokenizer(true)
                        .optThreads(options.threads())
                        .optClock(options.clock())
                        .optMaxBatch(options.maxBatchSize())
                        .optMaxContext(context)
                        .build();
            } catch (EngineException | RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }
}
